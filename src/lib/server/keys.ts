/**
 * The server's own keys and secrets, kept in the database (`server_keys`, one JSON value per
 * name) so that every server process on it signs and encrypts with the same ones. Made the first
 * time they are asked for; later issues keep the Web Push VAPID keys, the ticket-signing key and
 * the built-in publisher's key here.
 *
 * Get or create is race-free without a lock: each process that finds no key makes one and offers
 * it with `insert … on conflict do nothing`; exactly one offer is stored (the primary key decides,
 * on SQLite and PostgreSQL alike), and every process then reads and uses that one. A key is never
 * replaced: rotating one means a new name.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from './db/database';

const cache = new WeakMap<Kysely<DB>, Map<string, Promise<unknown>>>();

/**
 * The key stored under `name`, made with `create` (and stored) if there is none yet. Values are
 * kept as JSON. Once read, a key is cached for this database handle (keys never change).
 */
export function serverKey<T>(
	db: Kysely<DB>,
	name: string,
	create: () => T | Promise<T>,
	now = Date.now()
): Promise<T> {
	let keys = cache.get(db);
	if (!keys) cache.set(db, (keys = new Map()));
	let key = keys.get(name) as Promise<T> | undefined;
	if (!key) {
		key = getOrCreate(db, name, create, now);
		// A failure (database down) is not remembered: the next call tries again.
		key.catch(() => keys.delete(name));
		keys.set(name, key);
	}
	return key;
}

async function getOrCreate<T>(
	db: Kysely<DB>,
	name: string,
	create: () => T | Promise<T>,
	now: number
): Promise<T> {
	const read = () =>
		db.selectFrom('server_keys').select('value').where('name', '=', name).executeTakeFirst();
	const found = await read();
	if (found) return JSON.parse(found.value) as T;
	const value = JSON.stringify(await create());
	await db
		.insertInto('server_keys')
		.values({ name, value, created_at: now })
		.onConflict((oc) => oc.column('name').doNothing())
		.execute();
	// Ours, or the one another process stored a moment earlier.
	const stored = await read();
	if (!stored) throw new Error(`server key ${name} was not stored`);
	return JSON.parse(stored.value) as T;
}

/** An Ed25519 key pair as JSON Web Keys (usable by node:crypto and WebCrypto alike). */
export interface Ed25519Jwk {
	publicKey: JsonWebKey;
	privateKey: JsonWebKey;
}

/** A new Ed25519 key pair, for serverKey(db, 'ticket-signing', ed25519KeyPair) and the like. */
export function ed25519KeyPair(): Ed25519Jwk {
	const { publicKey, privateKey } = generateKeyPairSync('ed25519');
	return {
		publicKey: publicKey.export({ format: 'jwk' }),
		privateKey: privateKey.export({ format: 'jwk' })
	};
}
