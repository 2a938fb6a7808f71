/**
 * The server database, as Kysely sees it. Times are milliseconds since the epoch (integer in
 * SQLite, bigint in PostgreSQL, read back as numbers); flags are 0/1 integers so both databases
 * store them alike; JSON is text.
 */
import type { Generated } from 'kysely';

export interface UsersTable {
	id: string;
	email: string;
	name: string;
	password_hash: string;
	/** Comma-separated: admin, organizer, publisher. */
	roles: string;
	created_at: number;
	failed_sign_ins: number;
	locked_until: number | null;
	last_sign_in_at: number | null;
	disabled: number;
}

export interface SessionsTable {
	/** SHA-256 of the session token; the token itself lives only in the cookie. */
	token_hash: string;
	user_id: string;
	created_at: number;
	expires_at: number;
}

export interface InvitesTable {
	token_hash: string;
	roles: string;
	email: string | null;
	created_by: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
	used_by: string | null;
	/** When an administrator withdrew it (migration 0006). */
	revoked_at: number | null;
}

export interface PasswordResetsTable {
	token_hash: string;
	user_id: string;
	created_by: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
}

export interface ResidentsTable {
	id: string;
	created_at: number;
}

export interface ClientsTable {
	id: string;
	resident_id: string;
	/** SHA-256 of the device secret (a random 256-bit value, so a fast hash is enough). */
	secret_hash: string;
	created_at: number;
	last_seen_at: number;
	/** Highest mutation seq applied (or rejected) for this device. */
	last_seq: number;
	/** Highest seq whose answer the device has received; stored answers up to it can go. */
	acked_seq: number;
	/** When its owner removed it from another phone (it then gets 410 and forgets their records). */
	removed_at: number | null;
}

export interface LinkCodesTable {
	code_hash: string;
	resident_id: string;
	created_by_client: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
	attempts: number;
}

/** What became of each mutation, so a repeated push gets the same answer. No payloads. */
export interface MutationResultsTable {
	client_id: string;
	seq: number;
	status: 'applied' | 'rejected';
	code: string | null;
	/** JSON of the result for the client (never personal data). */
	detail: string | null;
	at: number;
}

/**
 * The change log: one row per (record, audience), moved to a new seq each time the record
 * changes for that audience. Pull reads rows after a cursor; deleted=1 is a tombstone.
 */
export interface ChangesTable {
	seq: Generated<number>;
	collection: string;
	record_id: string;
	/** "*" for everyone, "r:<residentId>" for one resident's devices. */
	audience: string;
	deleted: number;
	at: number;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: number;
	actor: string;
	action: string;
	/** JSON, never personal data. */
	detail: string | null;
}

export interface CoreTables {
	users: UsersTable;
	sessions: SessionsTable;
	invites: InvitesTable;
	password_resets: PasswordResetsTable;
	residents: ResidentsTable;
	clients: ClientsTable;
	link_codes: LinkCodesTable;
	mutation_results: MutationResultsTable;
	changes: ChangesTable;
	audit_log: AuditLogTable;
}
