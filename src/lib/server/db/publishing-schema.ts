/** Publishing lesson packs (migration 0008). */
export type KeyStatus = 'pending' | 'approved' | 'revoked';
export type VersionStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface PublishTokensTable {
	/** SHA-256 of the token; the token itself is shown once, when it is made. */
	token_hash: string;
	user_id: string;
	label: string;
	created_at: number;
	last_used_at: number | null;
	revoked_at: number | null;
}

export interface PublishingKeysTable {
	/** SHA-256 of the raw public key, lower-case hex. */
	fingerprint: string;
	/** The raw 32-byte key, base64url. */
	public_key: string;
	/** The publisher who first signed an upload with it. */
	user_id: string;
	status: KeyStatus;
	/** The name an admin approved for this key: the "verified" publisher name phones show. */
	publisher_name: string;
	created_at: number;
	reviewed_by: string | null;
	reviewed_at: number | null;
}

export interface PacksTable {
	id: string;
	owner_id: string;
	/** The key the id is bound to: uploads signed by another key are refused. */
	fingerprint: string;
	created_at: number;
}

export interface PackVersionsTable {
	pack_id: string;
	version: string;
	/** SHA-256 of the whole file. */
	sha256: string;
	fingerprint: string;
	uploaded_by: string;
	size: number;
	status: VersionStatus;
	/** JSON: the pack's meta.json (title, languages, changelog, lessons …). */
	meta: string;
	created_at: number;
	reviewed_by: string | null;
	reviewed_at: number | null;
	/** The .linlipack itself. */
	file: Uint8Array;
}

export interface PublishingTables {
	publish_tokens: PublishTokensTable;
	publishing_keys: PublishingKeysTable;
	packs: PacksTable;
	pack_versions: PackVersionsTable;
}
