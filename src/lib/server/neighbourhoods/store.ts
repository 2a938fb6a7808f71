/**
 * Neighbourhoods (issue 10): created and edited by admins, each with organizers assigned to it
 * and a join code residents open as /n/<code>. A rotated code is replaced, so the old one stops
 * working at once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import * as v from 'valibot';
import { REGIONS } from '../../shared/regions';
import type { DB } from '../db/database';
import type { NeighbourhoodsTable } from '../db/neighbourhood-schema';

/** The join code's alphabet: no 0/O, 1/I, so a code read off a lobby poster is typed right. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const JOIN_CODE = /^[A-HJ-NP-Z2-9]{8}$/;

export function newJoinCode(): string {
	// 256 is a multiple of 32: every character is equally likely.
	return [...randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

export const NAME_LANGUAGES = ['en', 'zh-Hant', 'zh-Hans'] as const;
export type NameLanguage = (typeof NAME_LANGUAGES)[number];

const isTimeZone = (zone: string) => {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
};

const name = v.pipe(v.string(), v.trim(), v.maxLength(80, 'tooLong'));

/** What an admin writes about a neighbourhood. */
export const NeighbourhoodInput = v.pipe(
	v.strictObject({
		names: v.strictObject({
			en: v.optional(name, ''),
			'zh-Hant': v.optional(name, ''),
			'zh-Hans': v.optional(name, '')
		}),
		description: v.pipe(v.string(), v.trim(), v.maxLength(500, 'tooLong')),
		region: v.union([v.literal(''), v.picklist(REGIONS)]),
		timeZone: v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(64, 'invalid'),
			v.check((zone) => zone === '' || isTimeZone(zone), 'timeZone')
		),
		/** In the list residents pick from (else joined only by its code or QR). */
		listed: v.optional(v.boolean(), true)
	}),
	v.forward(
		v.check((input) => Object.values(input.names).some((n) => n !== ''), 'nameRequired'),
		['names', 'en']
	)
);
export type NeighbourhoodInput = Omit<v.InferOutput<typeof NeighbourhoodInput>, 'listed'> & {
	/** Listed unless said otherwise. */
	listed?: boolean;
};

export interface Neighbourhood {
	id: string;
	names: Partial<Record<NameLanguage, string>>;
	description: string;
	region: string;
	timeZone: string;
	joinCode: string;
	isDefault: boolean;
	listed: boolean;
	createdAt: number;
	updatedAt: number;
}

export function neighbourhoodOf(row: Selectable<NeighbourhoodsTable>): Neighbourhood {
	let names: Neighbourhood['names'] = {};
	try {
		names = JSON.parse(row.names) as Neighbourhood['names'];
	} catch {
		// A damaged row still lists, under its code.
	}
	return {
		id: row.id,
		names,
		description: row.description,
		region: row.region,
		timeZone: row.time_zone,
		joinCode: row.join_code,
		isDefault: row.is_default === 1,
		listed: Number(row.listed) !== 0,
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

const cleanNames = (names: NeighbourhoodInput['names']) =>
	JSON.stringify(Object.fromEntries(Object.entries(names).filter(([, n]) => n !== '')));

type Db = Kysely<DB> | Transaction<DB>;

export async function listNeighbourhoods(
	db: Db,
	ids?: readonly string[],
	{ listedOnly = false } = {}
) {
	if (ids && ids.length === 0) return [];
	let query = db.selectFrom('neighbourhoods').selectAll().orderBy('created_at').orderBy('id');
	if (ids) query = query.where('id', 'in', ids);
	if (listedOnly) query = query.where('listed', '=', 1);
	return (await query.execute()).map(neighbourhoodOf);
}

export async function getNeighbourhood(db: Db, id: string) {
	const row = await db
		.selectFrom('neighbourhoods')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirst();
	return row && neighbourhoodOf(row);
}

/** The neighbourhood a join code opens; undefined for an unknown or rotated code. */
export async function neighbourhoodByCode(db: Db, code: string) {
	const normal = code.trim().toUpperCase();
	if (!JOIN_CODE.test(normal)) return undefined;
	const row = await db
		.selectFrom('neighbourhoods')
		.selectAll()
		.where('join_code', '=', normal)
		.executeTakeFirst();
	return row && neighbourhoodOf(row);
}

/** The neighbourhood migration 0007 made (or, failing that, the oldest one). */
export async function defaultNeighbourhoodId(db: Db): Promise<string | undefined> {
	const row = await db
		.selectFrom('neighbourhoods')
		.select('id')
		.orderBy('is_default', 'desc')
		.orderBy('created_at')
		.orderBy('id')
		.executeTakeFirst();
	return row?.id;
}

export async function createNeighbourhood(db: Db, input: NeighbourhoodInput, now = Date.now()) {
	const id = randomUUID();
	await db
		.insertInto('neighbourhoods')
		.values({
			id,
			names: cleanNames(input.names),
			description: input.description,
			region: input.region,
			time_zone: input.timeZone,
			join_code: newJoinCode(),
			is_default: 0,
			listed: input.listed === false ? 0 : 1,
			created_at: now,
			updated_at: now
		})
		.execute();
	return id;
}

/** Returns false when there is no such neighbourhood. */
export async function updateNeighbourhood(
	db: Db,
	id: string,
	input: NeighbourhoodInput,
	now = Date.now()
) {
	const result = await db
		.updateTable('neighbourhoods')
		.set({
			names: cleanNames(input.names),
			description: input.description,
			region: input.region,
			time_zone: input.timeZone,
			...(input.listed === undefined ? {} : { listed: input.listed ? 1 : 0 }),
			updated_at: now
		})
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** A new join code; the old one stops working. Returns the new code, or undefined. */
export async function rotateJoinCode(db: Db, id: string, now = Date.now()) {
	const code = newJoinCode();
	const result = await db
		.updateTable('neighbourhoods')
		.set({ join_code: code, code_rotated_at: now, updated_at: now })
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0 ? code : undefined;
}

/** The organizers of a neighbourhood become exactly these users (those with the organizer role). */
export async function setOrganizers(
	db: Kysely<DB>,
	neighbourhoodId: string,
	userIds: readonly string[],
	now = Date.now()
) {
	await db.transaction().execute(async (trx) => {
		await trx
			.deleteFrom('neighbourhood_organizers')
			.where('neighbourhood_id', '=', neighbourhoodId)
			.execute();
		const unique = [...new Set(userIds)];
		if (unique.length === 0) return;
		const users = await trx
			.selectFrom('users')
			.select(['id', 'roles'])
			.where('id', 'in', unique)
			.execute();
		const organizers = users.filter((u) => u.roles.split(',').includes('organizer'));
		if (organizers.length === 0) return;
		await trx
			.insertInto('neighbourhood_organizers')
			.values(
				organizers.map((u) => ({
					neighbourhood_id: neighbourhoodId,
					user_id: u.id,
					created_at: now
				}))
			)
			.execute();
	});
}

export async function organizersOf(db: Db, neighbourhoodId: string): Promise<string[]> {
	return (
		await db
			.selectFrom('neighbourhood_organizers')
			.select('user_id')
			.where('neighbourhood_id', '=', neighbourhoodId)
			.execute()
	).map((r) => r.user_id);
}
