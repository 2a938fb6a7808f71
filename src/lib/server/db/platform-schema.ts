/**
 * Tables the server itself needs to run as several processes on one database (migration 0005):
 * shared rate limits, the key store, the job queue and the arrival counter (SQLite only).
 */
import type { Generated } from 'kysely';

/** A token bucket per key (PostgreSQL only: SQLite's single process keeps buckets in memory). */
export interface RateLimitsTable {
	key: string;
	tokens: number;
	at: number;
	/** When the bucket is full again; past it, the row means nothing and housekeeping drops it. */
	full_at: number;
	/** 1 when the last request took a token, 0 when it was refused. */
	taken: number;
}

/** Keys and secrets the server generates once (JSON text). */
export interface ServerKeysTable {
	name: string;
	value: string;
	created_at: number;
}

export type JobState = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTable {
	id: Generated<number>;
	kind: string;
	/** With the kind, names the job once: a second enqueue of the same key is dropped. */
	dedupe_key: string | null;
	/** JSON. */
	payload: string;
	state: JobState;
	attempts: number;
	max_attempts: number;
	/** Not before this time (backoff after a failure). */
	run_at: number;
	/** A running job whose lease has passed is taken to have died with its process. */
	locked_until: number | null;
	locked_by: string | null;
	last_error: string | null;
	created_at: number;
	finished_at: number | null;
}

/** Named counters (SQLite; PostgreSQL uses sequences). */
export interface CountersTable {
	name: string;
	value: number;
}

/** A device's Web Push subscription (migration 0009); its resident is the device's. */
export interface PushSubscriptionsTable {
	client_id: string;
	endpoint: string;
	/** The subscription's public key (base64url), for payload encryption. */
	p256dh: string;
	/** The subscription's auth secret (base64url). */
	auth: string;
	/** The phone's language: en, zh-Hant or zh-Hans. */
	lang: string;
	created_at: number;
	updated_at: number;
}

/** The topics a subscription follows ("all", "n:<neighbourhoodId>"). */
export interface PushTopicsTable {
	client_id: string;
	topic: string;
}

export interface PlatformTables {
	rate_limits: RateLimitsTable;
	server_keys: ServerKeysTable;
	jobs: JobsTable;
	counters: CountersTable;
	push_subscriptions: PushSubscriptionsTable;
	push_topics: PushTopicsTable;
}
