/**
 * The server's VAPID key pair (RFC 8292): push services accept a message for a subscription only
 * when it is signed with the key the phone subscribed with. Taken from the settings
 * (LINLI_VAPID_PUBLIC_KEY/PRIVATE_KEY) or made once and kept in the database's key store, so
 * every server process signs with the same one. Changing it would orphan every subscription.
 */
import webpush from 'web-push';
import type { Database } from '../db/connect';
import type { ServerConfig } from '../config';
import { serverKey } from '../keys';

export interface VapidKeys {
	/** Uncompressed P-256 public key, base64url: the phone's `applicationServerKey`. */
	publicKey: string;
	privateKey: string;
	subject: string;
}

export const VAPID_KEY_NAME = 'vapid';

export async function vapidKeys(config: ServerConfig, database: Database): Promise<VapidKeys> {
	const pair =
		config.push.vapid ??
		(await serverKey(database.db, VAPID_KEY_NAME, () => {
			const { publicKey, privateKey } = webpush.generateVAPIDKeys();
			return { publicKey, privateKey };
		}));
	return { ...pair, subject: config.push.subject };
}
