/**
 * The server's ticket key and the tickets it signs (issue 13). The key is one of the server's own
 * keys (lib/server/keys.ts: made once, by whichever process first needs it, and the same for every
 * process on the database). Ed25519 signatures are deterministic, so a sign-up's ticket is the same
 * text each time it is sent.
 */
import type { Kysely } from 'kysely';
import { fromBase64Url, toBase64Url } from '../../shared/crypto/bytes';
import { generateKeyPair } from '../../shared/crypto/ed25519';
import { fingerprint } from '../../shared/crypto/keys';
import { signTicket, type TicketClaims, type TicketKey } from '../../shared/tickets';
import type { DB } from '../db/database';
import { serverKey } from '../keys';

/** As stored: the raw 32-byte seed and public key, base64url, and the key's fingerprint. */
interface StoredTicketKey {
	privateKey: string;
	publicKey: string;
	fingerprint: string;
}

async function makeKey(): Promise<StoredTicketKey> {
	const pair = await generateKeyPair();
	return {
		privateKey: toBase64Url(pair.privateKey),
		publicKey: toBase64Url(pair.publicKey),
		fingerprint: await fingerprint(pair.publicKey)
	};
}

const stored = (db: Kysely<DB>) => serverKey(db, 'ticket-signing', makeKey);

/** The public keys phones check tickets with (no secret in it). */
export async function ticketPublicKeys(db: Kysely<DB>): Promise<TicketKey[]> {
	const key = await stored(db);
	return [{ fingerprint: key.fingerprint, publicKey: key.publicKey }];
}

/** A confirmed sign-up's ticket. */
export async function ticketFor(db: Kysely<DB>, claims: TicketClaims): Promise<string> {
	const key = await stored(db);
	const seed = fromBase64Url(key.privateKey);
	if (!seed) throw new Error('the stored ticket key is unreadable');
	return signTicket(seed, key.fingerprint, claims);
}
