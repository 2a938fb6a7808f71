import type { LinliDb } from '$lib/db/schema';
import type { FollowedNeighbourhood } from '$shared/neighbourhoods';
import type { Credentials } from './transport';

/** Typed access to the syncMeta key-value table. */
export interface SyncMetaValues {
	credentials: Credentials;
	residentId: string;
	registered: boolean;
	nextSeq: number;
	cursor: number;
	lastSyncedAt: number;
	/** The neighbourhoods this phone follows, as the server last said (Settings shows it offline). */
	follows: FollowedNeighbourhood[];
}

export async function getMeta<K extends keyof SyncMetaValues>(
	db: LinliDb,
	key: K
): Promise<SyncMetaValues[K] | undefined> {
	return (await db.syncMeta.get(key))?.value as SyncMetaValues[K] | undefined;
}

export async function setMeta<K extends keyof SyncMetaValues>(
	db: LinliDb,
	key: K,
	value: SyncMetaValues[K]
) {
	await db.syncMeta.put({ key, value });
}

function randomSecret(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(32));
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * This device's id and secret, made on first use and saved before the server hears of them: if
 * the app dies mid-registration, it registers again with the same pair (the server accepts that).
 */
export async function deviceCredentials(db: LinliDb): Promise<Credentials> {
	return db.transaction('rw', db.syncMeta, async () => {
		const existing = await getMeta(db, 'credentials');
		if (existing) return existing;
		const credentials = { clientId: crypto.randomUUID(), secret: randomSecret() };
		await setMeta(db, 'credentials', credentials);
		return credentials;
	});
}
