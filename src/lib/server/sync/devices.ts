/**
 * Devices and residents. A device registers itself with a random id and secret (the server keeps
 * only a hash); its records belong to its resident, and a resident can link another device with
 * a one-time code shown on the first.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type pg from 'pg';
import { runPrepared } from '../db/prepared';
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

/** A device's columns, listed (a prepared statement's result must not change with the table). */
const DEVICE_COLUMNS = [
	'id',
	'resident_id',
	'secret_hash',
	'created_at',
	'last_seen_at',
	'last_seq',
	'acked_seq',
	'removed_at'
] as const satisfies readonly (keyof DeviceRow)[];

/** The device behind an Authorization header, or null when missing, malformed or wrong. */
export async function authenticateDevice(db: Kysely<DB>, header: string | null, now = Date.now()) {
	return (await authenticateTaking(db, header, undefined, now)).device;
}

/**
 * The same, and on PostgreSQL rate-limit buckets taken in the same statement (a round trip
 * fewer on every push): the address's (`take`), taken whether or not the header is right, and
 * the device's own (`perDevice`, keyed by its id), taken only when the id and secret match a
 * device, so nobody can spend another phone's budget by sending its id with a wrong secret. A
 * busy address's token may come from this process's lease (PostgresLimiter) instead.
 */
export async function authenticateTaking(
	db: Kysely<DB>,
	header: string | null,
	take: { limiter: PostgresLimiter; key: string } | undefined,
	now = Date.now(),
	perDevice?: { limiter: PostgresLimiter; key: (clientId: string) => string },
	/** PostgreSQL's pool: the statement then runs prepared (db/prepared.ts). */
	pool?: pg.Pool
): Promise<{ device: DeviceRow | null; taken?: Taken; deviceTaken?: Taken }> {
	const match = header ? AUTH.exec(header.trim()) : null;
	const [, id = '', secret = ''] = match ?? [];
	const wellFormed = match !== null && v.is(ClientId, id) && v.is(ClientSecret, secret);
	const hash = wellFormed ? sha256(secret) : '';
	let taken: Taken | undefined =
		take && (await take.limiter.takeLeasedSoon(take.key, now, 1)) ? { ok: true } : undefined;
	const deviceKey = wellFormed && perDevice ? perDevice.key(id) : undefined;
	let deviceTaken: Taken | undefined =
		deviceKey !== undefined && perDevice!.limiter.takeLeased(deviceKey, now, 1)
			? { ok: true }
			: undefined;
	const ctes: RawBuilder<unknown>[] = [];
	if (take && !taken) ctes.push(sql`bucket as (${take.limiter.statement(take.key, now, 1)})`);
	if (deviceKey !== undefined && !deviceTaken) {
		const matches = sql<boolean>`exists (select 1 from clients where id = ${id} and secret_hash = ${hash})`;
		ctes.push(sql`mine as (${perDevice!.limiter.statement(deviceKey, now, 1, matches)})`);
	}
	let device: DeviceRow | undefined;
	if (ctes.length) {
		const hasBucket = take !== undefined && !taken;
		const hasMine = deviceKey !== undefined && !deviceTaken;
		const running = runPrepared(
			db,
			pool,
			sql<
				DeviceRow & {
					rl_tokens: number;
					rl_taken: number;
					dl_tokens: number | null;
					dl_taken: number | null;
				}
			>`
			with ${sql.join(ctes)}
			select ${hasBucket ? sql`bucket.tokens` : sql`null`} as rl_tokens,
				${hasBucket ? sql`bucket.taken` : sql`null`} as rl_taken,
				${hasMine ? sql`mine.tokens` : sql`null`} as dl_tokens,
				${hasMine ? sql`mine.taken` : sql`null`} as dl_taken, ${sql.join(DEVICE_COLUMNS.map((c) => sql.ref(`c.${c}`)))}
			from (select 1) as one
			${hasBucket ? sql`cross join bucket` : sql``}
			${hasMine ? sql`left join mine on true` : sql``}
			left join clients c on c.id = ${wellFormed ? id : null}`.compile(db)
		);
		// Requests from this busy address wait for this one's lease rather than ask the row too.
		if (hasBucket) take!.limiter.track(take!.key, running, now);
		const rows = await running;
		const { rl_tokens, rl_taken, dl_tokens, dl_taken, ...row } = rows[0]!;
		if (hasBucket)
			taken = take!.limiter.answer({ tokens: rl_tokens, taken: rl_taken }, 1, take!.key, now);
		if (hasMine && dl_taken !== null)
			deviceTaken = perDevice!.limiter.answer(
				{ tokens: dl_tokens!, taken: dl_taken },
				1,
				deviceKey,
				now
			);
		if (row.id !== null) device = row as DeviceRow;
	} else if (wellFormed) {
		device = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
	}
	if (!device || !sameHash(device.secret_hash, hash)) return { device: null, taken };
	if (now - device.last_seen_at > 5 * 60_000) {
		await db.updateTable('clients').set({ last_seen_at: now }).where('id', '=', id).execute();
	}
	return { device, taken, ...(deviceTaken ? { deviceTaken } : {}) };
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
