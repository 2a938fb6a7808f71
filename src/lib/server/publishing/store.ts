/**
 * Publishing lesson packs on the server (issue 11 phase B, docs/pack-format.md §8): uploads checked
 * with the same reader as `linli pack verify`, a pack id bound to the key that first published it,
 * review by an admin before anything is listed, and the catalogue phones read.
 */
import type { Kysely } from 'kysely';
import semverGt from 'semver/functions/gt.js';
import type { DB } from '../db/database';
import type { KeyStatus, VersionStatus } from '../db/publishing-schema';
import { audit } from '../audit';
import { randomToken, sha256 } from '../crypto';
import { parseRoles } from '../roles';
import type { StaffUser } from '../auth/sessions';
import { openPackFile, PACK_FILE_LIMITS, type OpenedPackFile } from '$lib/packfile/index';
import { toBase64Url } from '$lib/shared/crypto/index';
import type { CompiledPackMeta } from '$lib/content/check-compiled';
import type { Problem } from '$lib/content/problems';

export const PACK_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const VERSION = /^\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,40})?$/;
const SHA = /^[0-9a-f]{64}$/;

/** Why an upload was refused (the HTTP layer maps each to its status). */
export type UploadRefusal =
	| { error: 'invalid_pack'; problems: Problem[] }
	| { error: 'not_your_pack' }
	| { error: 'key_mismatch'; fingerprint: string }
	| { error: 'key_revoked' }
	| { error: 'version_exists' }
	| { error: 'version_not_newer'; latest: string };

export interface UploadAnswer {
	id: string;
	version: string;
	sha256: string;
	fingerprint: string;
	status: VersionStatus;
}

export type UploadResult =
	{ ok: true; created: boolean; answer: UploadAnswer } | ({ ok: false } & UploadRefusal);

// ---------------------------------------------------------------- tokens

/** A new token for `linli pack publish`; shown once, the database keeps its hash. */
export async function createPublishToken(
	db: Kysely<DB>,
	userId: string,
	label: string,
	now = Date.now()
) {
	const token = `lpt_${randomToken()}`;
	await db
		.insertInto('publish_tokens')
		.values({ token_hash: sha256(token), user_id: userId, label, created_at: now })
		.execute();
	await audit(db, userId, 'publish_token.create');
	return { token, id: sha256(token) };
}

export async function listPublishTokens(db: Kysely<DB>, userId: string) {
	const rows = await db
		.selectFrom('publish_tokens')
		.select(['token_hash', 'label', 'created_at', 'last_used_at'])
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.token_hash,
		label: r.label,
		createdAt: r.created_at,
		lastUsedAt: r.last_used_at
	}));
}

/** Withdraws one of the user's own tokens (true when it was theirs and still active). */
export async function revokePublishToken(db: Kysely<DB>, userId: string, id: string) {
	const result = await db
		.updateTable('publish_tokens')
		.set({ revoked_at: Date.now() })
		.where('token_hash', '=', id)
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** The staff member behind a publishing token, or null (unknown, revoked, user disabled). */
export async function userForPublishToken(
	db: Kysely<DB>,
	token: string,
	now = Date.now()
): Promise<StaffUser | null> {
	if (!/^lpt_[A-Za-z0-9_-]{43}$/.test(token)) return null;
	const row = await db
		.selectFrom('publish_tokens')
		.innerJoin('users', 'users.id', 'publish_tokens.user_id')
		.select(['users.id', 'users.email', 'users.name', 'users.roles', 'users.disabled'])
		.where('publish_tokens.token_hash', '=', sha256(token))
		.where('publish_tokens.revoked_at', 'is', null)
		.executeTakeFirst();
	if (!row || row.disabled) return null;
	await db
		.updateTable('publish_tokens')
		.set({ last_used_at: now })
		.where('token_hash', '=', sha256(token))
		.execute();
	return { id: row.id, email: row.email, name: row.name, roles: parseRoles(row.roles) };
}

// ---------------------------------------------------------------- uploads

function answerOf(row: {
	pack_id: string;
	version: string;
	sha256: string;
	fingerprint: string;
	status: VersionStatus;
}): UploadAnswer {
	return {
		id: row.pack_id,
		version: row.version,
		sha256: row.sha256,
		fingerprint: row.fingerprint,
		status: row.status
	};
}

/**
 * Checks a .linlipack (every check of §6, a signature required) and stores it for review. Nothing
 * is stored unless every check passed.
 */
export async function acceptUpload(
	db: Kysely<DB>,
	user: StaffUser,
	bytes: Uint8Array,
	now = Date.now()
): Promise<UploadResult> {
	const opened: OpenedPackFile = await openPackFile(bytes, {
		label: 'upload.linlipack',
		requireSignature: true
	});
	if (!opened.ok || !opened.pack || opened.signature.status !== 'valid') {
		return { ok: false, error: 'invalid_pack', problems: opened.problems };
	}
	const meta = opened.pack.meta;
	const { fingerprint, publicKey } = opened.signature;
	// Two uploads of the same pack at once: the one that loses the race on a unique key runs the
	// rules again and gets the answer the winner's row gives it (same file, or version exists).
	for (let attempt = 0; ; attempt++) {
		try {
			return await storeUpload(db, user, opened, meta, fingerprint, publicKey, bytes, now);
		} catch (error) {
			if (attempt >= 2 || !isRaceLost(error)) throw error;
		}
	}
}

function isRaceLost(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return (
		code === '23505' ||
		code === '40P01' ||
		code === '40001' ||
		code === 'SQLITE_CONSTRAINT_UNIQUE' ||
		code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
	);
}

async function storeUpload(
	db: Kysely<DB>,
	user: StaffUser,
	opened: OpenedPackFile,
	meta: CompiledPackMeta,
	fingerprint: string,
	publicKey: Uint8Array,
	bytes: Uint8Array,
	now: number
): Promise<UploadResult> {
	const id = meta.id;
	const version = meta.version;

	const same = await db
		.selectFrom('pack_versions')
		.innerJoin('packs', 'packs.id', 'pack_versions.pack_id')
		.select([
			'pack_versions.pack_id',
			'pack_versions.version',
			'pack_versions.sha256',
			'pack_versions.fingerprint',
			'pack_versions.status',
			'packs.owner_id'
		])
		.where('pack_versions.sha256', '=', opened.sha256)
		.executeTakeFirst();
	if (same) {
		if (same.owner_id !== user.id) return { ok: false, error: 'not_your_pack' };
		return { ok: true, created: false, answer: answerOf(same) };
	}

	return db.transaction().execute(async (trx): Promise<UploadResult> => {
		const key = await trx
			.selectFrom('publishing_keys')
			.selectAll()
			.where('fingerprint', '=', fingerprint)
			.executeTakeFirst();
		// A key belongs to the publisher who first used it.
		if (key && key.user_id !== user.id) return { ok: false, error: 'key_mismatch', fingerprint };
		if (key?.status === 'revoked') return { ok: false, error: 'key_revoked' };

		const pack = await trx.selectFrom('packs').selectAll().where('id', '=', id).executeTakeFirst();
		if (pack && pack.owner_id !== user.id) return { ok: false, error: 'not_your_pack' };
		if (pack && pack.fingerprint !== fingerprint) {
			return { ok: false, error: 'key_mismatch', fingerprint: pack.fingerprint };
		}
		if (pack) {
			const versions = await trx
				.selectFrom('pack_versions')
				.select(['pack_id', 'version', 'status', 'sha256', 'fingerprint'])
				.where('pack_id', '=', id)
				.execute();
			const existing = versions.find((v) => v.version === version);
			// The same file stored a moment ago by an upload running beside this one (the check
			// before the transaction did not see it yet): the same answer as a later resend.
			if (existing?.sha256 === opened.sha256) {
				return { ok: true, created: false, answer: answerOf(existing) };
			}
			if (existing) return { ok: false, error: 'version_exists' };
			const latest = versions
				.filter((v) => v.status !== 'rejected')
				.map((v) => v.version)
				.reduce<string | undefined>((a, b) => (!a || semverGt(b, a) ? b : a), undefined);
			if (latest && !semverGt(version, latest)) {
				return { ok: false, error: 'version_not_newer', latest };
			}
		}

		if (!key) {
			await trx
				.insertInto('publishing_keys')
				.values({
					fingerprint,
					public_key: toBase64Url(publicKey),
					user_id: user.id,
					status: 'pending',
					publisher_name: user.name,
					created_at: now
				})
				.execute();
		}
		if (!pack) {
			await trx
				.insertInto('packs')
				.values({ id, owner_id: user.id, fingerprint, created_at: now })
				.execute();
		}
		const row = {
			pack_id: id,
			version,
			sha256: opened.sha256,
			fingerprint,
			uploaded_by: user.id,
			size: bytes.byteLength,
			status: 'pending' as const,
			meta: JSON.stringify(meta),
			created_at: now,
			file: bytes
		};
		await trx.insertInto('pack_versions').values(row).execute();
		await audit(trx, user.id, 'pack.upload', { pack: id, version });
		return { ok: true, created: true, answer: answerOf(row) };
	});
}

// ---------------------------------------------------------------- listings

export interface VersionSummary {
	id: string;
	version: string;
	sha256: string;
	size: number;
	status: VersionStatus;
	createdAt: number;
	reviewedAt: number | null;
	title: CompiledPackMeta['title'];
	languages: CompiledPackMeta['languages'];
	/** The publisher named inside the pack (as claimed). */
	claimedPublisher: string;
	fingerprint: string;
	keyStatus: KeyStatus;
	/** The name approved for the key (the uploader's name until an admin approves it). */
	publisherName: string;
	/** Whether this is the pack's first version (a new pack). */
	newPack: boolean;
	ownerName: string;
}

async function versionRows(
	db: Kysely<DB>,
	filter: { ownerId?: string; status?: VersionStatus; id?: string; version?: string }
) {
	let query = db
		.selectFrom('pack_versions')
		.innerJoin('packs', 'packs.id', 'pack_versions.pack_id')
		.innerJoin('publishing_keys', 'publishing_keys.fingerprint', 'pack_versions.fingerprint')
		.innerJoin('users', 'users.id', 'packs.owner_id')
		.select([
			'pack_versions.pack_id',
			'pack_versions.version',
			'pack_versions.sha256',
			'pack_versions.size',
			'pack_versions.status',
			'pack_versions.created_at',
			'pack_versions.reviewed_at',
			'pack_versions.meta',
			'pack_versions.fingerprint',
			'publishing_keys.status as key_status',
			'publishing_keys.publisher_name',
			'users.name as owner_name'
		]);
	if (filter.ownerId) query = query.where('packs.owner_id', '=', filter.ownerId);
	if (filter.status) query = query.where('pack_versions.status', '=', filter.status);
	if (filter.id) query = query.where('pack_versions.pack_id', '=', filter.id);
	if (filter.version) query = query.where('pack_versions.version', '=', filter.version);
	const rows = await query
		.orderBy('pack_versions.pack_id')
		.orderBy('pack_versions.created_at', 'desc')
		.execute();
	const firstOf = new Map<string, number>();
	const ids = [...new Set(rows.map((r) => r.pack_id))];
	const all = ids.length
		? await db
				.selectFrom('pack_versions')
				.select(['pack_id', 'created_at'])
				.where('pack_id', 'in', ids)
				.execute()
		: [];
	for (const r of all) {
		const seen = firstOf.get(r.pack_id);
		if (seen === undefined || Number(r.created_at) < seen)
			firstOf.set(r.pack_id, Number(r.created_at));
	}
	return rows.map((r): VersionSummary => {
		const meta = JSON.parse(r.meta) as CompiledPackMeta;
		return {
			id: r.pack_id,
			version: r.version,
			sha256: r.sha256,
			size: Number(r.size),
			status: r.status,
			createdAt: Number(r.created_at),
			reviewedAt: r.reviewed_at === null ? null : Number(r.reviewed_at),
			title: meta.title,
			languages: meta.languages,
			claimedPublisher: meta.publisher.name,
			fingerprint: r.fingerprint,
			keyStatus: r.key_status,
			publisherName: r.publisher_name,
			newPack: firstOf.get(r.pack_id) === Number(r.created_at),
			ownerName: r.owner_name
		};
	});
}

/** A publisher's own packs, every version, newest first within a pack. */
export function ownVersions(db: Kysely<DB>, userId: string) {
	return versionRows(db, { ownerId: userId });
}

/** What waits for an admin. */
export function pendingVersions(db: Kysely<DB>) {
	return versionRows(db, { status: 'pending' });
}

/** Every version (admins). */
export function allVersions(db: Kysely<DB>) {
	return versionRows(db, {});
}

/** One version's file and metadata, for its owner or an admin (the review preview). */
export async function versionForReview(
	db: Kysely<DB>,
	user: StaffUser,
	id: string,
	version: string
) {
	if (!PACK_ID.test(id) || !VERSION.test(version)) return undefined;
	const row = await db
		.selectFrom('pack_versions')
		.innerJoin('packs', 'packs.id', 'pack_versions.pack_id')
		.select(['pack_versions.file', 'packs.owner_id'])
		.where('pack_versions.pack_id', '=', id)
		.where('pack_versions.version', '=', version)
		.executeTakeFirst();
	if (!row) return undefined;
	if (row.owner_id !== user.id && !user.roles.includes('admin')) return undefined;
	const [summary] = await versionRows(db, { id, version });
	const opened = await openPackFile(new Uint8Array(row.file), { requireSignature: true });
	if (!summary || !opened.pack) return undefined;
	return { summary, pack: opened.pack };
}

// ---------------------------------------------------------------- review

export type ReviewAction = 'approve' | 'reject' | 'withdraw';

const FROM: Record<ReviewAction, VersionStatus[]> = {
	approve: ['pending'],
	reject: ['pending'],
	withdraw: ['approved']
};
const TO: Record<ReviewAction, VersionStatus> = {
	approve: 'approved',
	reject: 'rejected',
	withdraw: 'withdrawn'
};

/**
 * An admin approves or rejects a waiting version, or withdraws an approved one. Approving a
 * version signed by a new key approves the key too, under the publisher name the admin confirms.
 */
export async function reviewVersion(
	db: Kysely<DB>,
	admin: StaffUser,
	id: string,
	version: string,
	action: ReviewAction,
	publisherName?: string,
	now = Date.now()
): Promise<boolean> {
	if (!admin.roles.includes('admin')) return false;
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.selectFrom('pack_versions')
			.select(['fingerprint', 'status'])
			.where('pack_id', '=', id)
			.where('version', '=', version)
			.executeTakeFirst();
		if (!row || !FROM[action].includes(row.status)) return false;
		if (action === 'approve') {
			const key = await trx
				.selectFrom('publishing_keys')
				.select(['status', 'publisher_name'])
				.where('fingerprint', '=', row.fingerprint)
				.executeTakeFirstOrThrow();
			if (key.status === 'revoked') return false;
			if (key.status === 'pending') {
				await trx
					.updateTable('publishing_keys')
					.set({
						status: 'approved',
						publisher_name: publisherName?.trim() || key.publisher_name,
						reviewed_by: admin.id,
						reviewed_at: now
					})
					.where('fingerprint', '=', row.fingerprint)
					.execute();
			}
		}
		await trx
			.updateTable('pack_versions')
			.set({ status: TO[action], reviewed_by: admin.id, reviewed_at: now })
			.where('pack_id', '=', id)
			.where('version', '=', version)
			.execute();
		await audit(trx, admin.id, `pack.${action}`, { pack: id, version });
		return true;
	});
}

/**
 * An admin binds a pack id to another key (a publisher lost theirs): the key must be one the
 * server knows; the pack then belongs to that key's publisher.
 */
export async function reassignPack(
	db: Kysely<DB>,
	admin: StaffUser,
	id: string,
	fingerprint: string
): Promise<boolean> {
	if (!admin.roles.includes('admin') || !SHA.test(fingerprint)) return false;
	return db.transaction().execute(async (trx) => {
		const key = await trx
			.selectFrom('publishing_keys')
			.select(['user_id', 'status'])
			.where('fingerprint', '=', fingerprint)
			.executeTakeFirst();
		if (!key || key.status === 'revoked') return false;
		const result = await trx
			.updateTable('packs')
			.set({ fingerprint, owner_id: key.user_id })
			.where('id', '=', id)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) return false;
		await audit(trx, admin.id, 'pack.reassign', { pack: id, key: fingerprint.slice(0, 16) });
		return true;
	});
}

/**
 * An admin stops trusting a key (lost or misused): every pack it signed leaves the catalogue,
 * phones learn it from `revokedKeys`, and it can sign no further upload.
 */
export async function revokeKey(
	db: Kysely<DB>,
	admin: StaffUser,
	fingerprint: string,
	now = Date.now()
): Promise<boolean> {
	if (!admin.roles.includes('admin') || !SHA.test(fingerprint)) return false;
	const result = await db
		.updateTable('publishing_keys')
		.set({ status: 'revoked', reviewed_by: admin.id, reviewed_at: now })
		.where('fingerprint', '=', fingerprint)
		.where('status', '!=', 'revoked')
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) return false;
	await audit(db, admin.id, 'key.revoke', { key: fingerprint.slice(0, 16) });
	return true;
}

/** Every key the server knows (admins: to re-assign a pack). */
export async function knownKeys(db: Kysely<DB>) {
	return db
		.selectFrom('publishing_keys')
		.innerJoin('users', 'users.id', 'publishing_keys.user_id')
		.select([
			'publishing_keys.fingerprint',
			'publishing_keys.status',
			'publishing_keys.publisher_name',
			'users.name as owner_name'
		])
		.orderBy('publishing_keys.created_at')
		.execute();
}

// ---------------------------------------------------------------- catalogue

export interface CatalogueEntry {
	id: string;
	version: string;
	sha256: string;
	size: number;
	title: CompiledPackMeta['title'];
	description: CompiledPackMeta['description'];
	languages: CompiledPackMeta['languages'];
	lessons: number;
	changelog: CompiledPackMeta['changelog'];
	/** The publisher an admin approved for the signing key: what phones show as verified. */
	publisher: { name: string; fingerprint: string; verified: true };
	/** The name written inside the pack. */
	claimedPublisher: string;
	/** Where the file is, relative to the server. */
	file: string;
}

export interface Catalogue {
	packs: CatalogueEntry[];
	/** Versions an admin withdrew: phones that hold one are told. */
	withdrawn: { id: string; version: string; sha256: string }[];
	/** The keys phones may trust, with the approved publisher names. */
	keys: { fingerprint: string; publicKey: string; name: string }[];
	/** Keys no longer trusted. */
	revokedKeys: string[];
}

export const filePath = (id: string, version: string) =>
	`/api/packs/${encodeURIComponent(id)}/${encodeURIComponent(version)}.linlipack`;

/** The approved packs (the newest approved version of each), and what phones must forget. */
export async function catalogue(db: Kysely<DB>): Promise<Catalogue> {
	const rows = await db
		.selectFrom('pack_versions')
		.innerJoin('publishing_keys', 'publishing_keys.fingerprint', 'pack_versions.fingerprint')
		.select([
			'pack_versions.pack_id',
			'pack_versions.version',
			'pack_versions.sha256',
			'pack_versions.size',
			'pack_versions.status',
			'pack_versions.meta',
			'pack_versions.fingerprint',
			'publishing_keys.status as key_status',
			'publishing_keys.publisher_name'
		])
		.where('pack_versions.status', 'in', ['approved', 'withdrawn'])
		.orderBy('pack_versions.pack_id')
		.execute();
	const newest = new Map<string, (typeof rows)[number]>();
	const withdrawn: Catalogue['withdrawn'] = [];
	for (const row of rows) {
		if (row.status === 'withdrawn') {
			withdrawn.push({ id: row.pack_id, version: row.version, sha256: row.sha256 });
			continue;
		}
		if (row.key_status !== 'approved') continue;
		const seen = newest.get(row.pack_id);
		if (!seen || semverGt(row.version, seen.version)) newest.set(row.pack_id, row);
	}
	const packs = [...newest.values()].map((row): CatalogueEntry => {
		const meta = JSON.parse(row.meta) as CompiledPackMeta;
		return {
			id: row.pack_id,
			version: row.version,
			sha256: row.sha256,
			size: Number(row.size),
			title: meta.title,
			description: meta.description,
			languages: meta.languages,
			lessons: meta.lessons.length,
			changelog: meta.changelog,
			publisher: { name: row.publisher_name, fingerprint: row.fingerprint, verified: true },
			claimedPublisher: meta.publisher.name,
			file: filePath(row.pack_id, row.version)
		};
	});
	const keys = await db
		.selectFrom('publishing_keys')
		.select(['fingerprint', 'public_key', 'publisher_name', 'status'])
		.where('status', 'in', ['approved', 'revoked'])
		.orderBy('fingerprint')
		.execute();
	withdrawn.sort((a, b) => (a.id + a.version < b.id + b.version ? -1 : 1));
	return {
		packs,
		withdrawn,
		keys: keys
			.filter((k) => k.status === 'approved')
			.map((k) => ({
				fingerprint: k.fingerprint,
				publicKey: k.public_key,
				name: k.publisher_name
			})),
		revokedKeys: keys.filter((k) => k.status === 'revoked').map((k) => k.fingerprint)
	};
}

/**
 * A version's file: anyone may fetch an approved one; its owner and admins also one under review
 * (or withdrawn / rejected).
 */
export async function versionFile(
	db: Kysely<DB>,
	id: string,
	version: string,
	user: StaffUser | null
) {
	if (!PACK_ID.test(id) || !VERSION.test(version)) return undefined;
	const row = await db
		.selectFrom('pack_versions')
		.innerJoin('packs', 'packs.id', 'pack_versions.pack_id')
		.innerJoin('publishing_keys', 'publishing_keys.fingerprint', 'pack_versions.fingerprint')
		.select([
			'pack_versions.file',
			'pack_versions.sha256',
			'pack_versions.status',
			'publishing_keys.status as key_status',
			'packs.owner_id'
		])
		.where('pack_versions.pack_id', '=', id)
		.where('pack_versions.version', '=', version)
		.executeTakeFirst();
	if (!row) return undefined;
	const listed = row.status === 'approved' && row.key_status === 'approved';
	const mayReview = user && (user.id === row.owner_id || user.roles.includes('admin'));
	if (!listed && !mayReview) return undefined;
	return { bytes: new Uint8Array(row.file), sha256: row.sha256, listed };
}

export const MAX_UPLOAD_BYTES = PACK_FILE_LIMITS.archiveBytes;
