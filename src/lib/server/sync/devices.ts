/**
 * Devices and residents. A device registers itself with a random id and secret (the server keeps
 * only a hash); its records belong to its resident, and a resident can link another device with
 * a one-time code shown on the first.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import * as v from 'valibot';
import { ClientId, ClientSecret, type RegisterRequest } from '../../shared/sync';
import type { DB } from '../db/database';
import type { ClientsTable } from '../db/schema';
import { humanCode, sameHash, sha256 } from '../crypto';
import type { PostgresLimiter, Taken } from '../rate-limit';
import { Rejection } from './types';

export type DeviceRow = ClientsTable;

/** The secret does not match the one this id registered with. */
export class DeviceAuthError extends Error {}

const LINK_CODE_MINUTES = 10;

export async function registerDevice(db: Kysely<DB>, request: RegisterRequest, now = Date.now()) {
	const secretHash = sha256(request.secret);
	for (let attempt = 0; attempt < 2; attempt++) {
		const existing = await db
			.selectFrom('clients')
			.selectAll()
			.where('id', '=', request.clientId)
			.executeTakeFirst();
		if (existing) {
			// Registering again with the same id and secret is fine (a lost response, a retry).
			if (!sameHash(existing.secret_hash, secretHash)) throw new DeviceAuthError('client id taken');
			// A removed phone starts again under a new id, as a new device.
			if (existing.removed_at !== null) throw new DeviceAuthError('device removed');
			return { residentId: existing.resident_id, created: false };
		}
		const residentId = randomUUID();
		try {
			await db.transaction().execute(async (trx) => {
				await trx.insertInto('residents').values({ id: residentId, created_at: now }).execute();
				await trx
					.insertInto('clients')
					.values({
						id: request.clientId,
						resident_id: residentId,
						secret_hash: secretHash,
						created_at: now,
						last_seen_at: now,
						last_seq: (request.nextSeq ?? 1) - 1,
						acked_seq: (request.nextSeq ?? 1) - 1,
						removed_at: null
					})
					.execute();
				// A server of one neighbourhood: the new phone follows it (its cursor is at the
				// start, so it pulls the neighbourhood's records without a catch-up). With several,
				// the resident picks theirs (a join link, /n/<code>).
				const hoods = await trx.selectFrom('neighbourhoods').select('id').limit(2).execute();
				if (hoods.length === 1)
					await trx
						.insertInto('device_follows')
						.values({
							client_id: request.clientId,
							neighbourhood_id: hoods[0]!.id,
							home: 1,
							joined_at: now
						})
						.execute();
			});
			return { residentId, created: true };
		} catch (error) {
			// Two registrations of the same id raced: the loser reads the winner's row.
			if (attempt === 0) continue;
			throw error;
		}
	}
	throw new Error('unreachable');
}

const AUTH = /^Device ([^:\s]+):(\S+)$/;

/** The device behind an Authorization header, or null when missing, malformed or wrong. */
export async function authenticateDevice(db: Kysely<DB>, header: string | null, now = Date.now()) {
	return (await authenticateTaking(db, header, undefined, now)).device;
}

/**
 * The same, and on PostgreSQL a rate-limit bucket's tokens taken in the same statement (a round
 * trip fewer on every push); the bucket is taken whether or not the header is right.
 */
export async function authenticateTaking(
	db: Kysely<DB>,
	header: string | null,
	take: { limiter: PostgresLimiter; key: string } | undefined,
	now = Date.now()
): Promise<{ device: DeviceRow | null; taken?: Taken }> {
	const match = header ? AUTH.exec(header.trim()) : null;
	const [, id = '', secret = ''] = match ?? [];
	const wellFormed = match !== null && v.is(ClientId, id) && v.is(ClientSecret, secret);
	let device: DeviceRow | undefined;
	let taken: Taken | undefined;
	if (take) {
		const { rows } = await sql<DeviceRow & { rl_tokens: number; rl_taken: number }>`
			with bucket as (${take.limiter.statement(take.key, now, 1)})
			select bucket.tokens as rl_tokens, bucket.taken as rl_taken, c.*
			from bucket left join clients c on c.id = ${wellFormed ? id : null}`.execute(db);
		const { rl_tokens, rl_taken, ...row } = rows[0]!;
		taken = take.limiter.answer({ tokens: rl_tokens, taken: rl_taken });
		if (row.id !== null) device = row as DeviceRow;
	} else if (wellFormed) {
		device = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
	}
	if (!device || !sameHash(device.secret_hash, sha256(secret))) return { device: null, taken };
	if (now - device.last_seen_at > 5 * 60_000) {
		await db.updateTable('clients').set({ last_seen_at: now }).where('id', '=', id).execute();
	}
	return { device, taken };
}

/** The phones that hold this device's resident's records, oldest first. */
export async function listDevices(db: Kysely<DB>, device: DeviceRow) {
	const rows = await db
		.selectFrom('clients')
		.select(['id', 'created_at', 'last_seen_at'])
		.where('resident_id', '=', device.resident_id)
		.where('removed_at', 'is', null)
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		createdAt: row.created_at,
		lastSeenAt: row.last_seen_at,
		current: row.id === device.id
	}));
}

/**
 * Removes another of the resident's phones (lost, sold, broken): from now on it can neither read
 * nor send their records, and when it next calls it is told to forget them.
 */
export async function removeDevice(
	db: Kysely<DB>,
	device: DeviceRow,
	clientId: string,
	now = Date.now()
) {
	if (clientId === device.id) throw new Rejection('device_is_this_one');
	return db.transaction().execute(async (trx) => {
		const removed = await trx
			.updateTable('clients')
			.set({ removed_at: now })
			.where('id', '=', clientId)
			.where('resident_id', '=', device.resident_id)
			.where('removed_at', 'is', null)
			.executeTakeFirst();
		if (Number(removed.numUpdatedRows) === 0) throw new Rejection('device_not_found');
		// Its stored answers are no use to anyone now.
		await trx.deleteFrom('mutation_results').where('client_id', '=', clientId).execute();
		return { removed: clientId };
	});
}

/** A one-time code (shown on this device) that links another device to the same resident. */
export async function createLinkCode(db: Kysely<DB>, device: DeviceRow, now = Date.now()) {
	const code = humanCode(8);
	const expiresAt = now + LINK_CODE_MINUTES * 60_000;
	await db.transaction().execute(async (trx) => {
		// One live code per resident: a new one replaces the old.
		await trx
			.deleteFrom('link_codes')
			.where('resident_id', '=', device.resident_id)
			.where('used_at', 'is', null)
			.execute();
		await trx
			.insertInto('link_codes')
			.values({
				code_hash: sha256(code),
				resident_id: device.resident_id,
				created_by_client: device.id,
				created_at: now,
				expires_at: expiresAt,
				used_at: null,
				attempts: 0
			})
			.execute();
	});
	return { code, expiresAt };
}

/**
 * Moves this device to the resident of a link code. Refused when the device already holds
 * records of its own resident (they would be stranded) or the code is wrong, used or expired.
 */
export async function redeemLinkCode(
	db: Kysely<DB>,
	device: DeviceRow,
	code: string,
	now = Date.now()
) {
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.selectFrom('link_codes')
			.selectAll()
			.where('code_hash', '=', sha256(code))
			.executeTakeFirst();
		// A wrong guess matches no row, so guessing is held back by the rate limit on linking
		// (10 tries per 10 minutes per address and per device) against 32^8 codes alive 10 minutes.
		if (!row || row.used_at !== null || row.expires_at < now) {
			throw new Rejection('link_code_invalid');
		}
		if (row.resident_id === device.resident_id) return { residentId: row.resident_id };
		if (await residentHasRecords(trx, device.resident_id)) throw new Rejection('link_has_data');
		// Spent by one conditional statement: of several phones redeeming the code at the same
		// moment (on any server process), exactly one links; the others find it used.
		const spent = await trx
			.updateTable('link_codes')
			.set({ used_at: now })
			.where('code_hash', '=', row.code_hash)
			.where('used_at', 'is', null)
			.where('expires_at', '>=', now)
			.returning('resident_id')
			.executeTakeFirst();
		if (!spent) throw new Rejection('link_code_invalid');
		await trx
			.updateTable('clients')
			.set({ resident_id: spent.resident_id })
			.where('id', '=', device.id)
			.execute();
		return { residentId: spent.resident_id };
	});
}

/** Whether any record belongs to this resident (a live row for them in the change log). */
export async function residentHasRecords(db: Kysely<DB>, residentId: string): Promise<boolean> {
	const row = await db
		.selectFrom('changes')
		.select('seq')
		.where('audience', '=', `r:${residentId}`)
		.where('deleted', '=', 0)
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}
