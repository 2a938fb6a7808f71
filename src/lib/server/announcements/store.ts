/**
 * A neighbourhood's announcements and contacts (issue 10): written by its organizers (an admin:
 * any), delivered by the scoped sync to the phones that follow it (audience "n:<id>"), never to
 * another neighbourhood's. A withdrawn announcement or a deleted contact reaches phones as a
 * tombstone. An urgent announcement live at publication queues one push notification to the
 * neighbourhood's topic (dedupe key "ann:<id>": sent once, from any process).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
	ANNOUNCEMENT,
	CONTACT,
	isLive,
	type AnnouncementInput,
	type AnnouncementKind,
	type AnnouncementRecord,
	type ContactCategory,
	type ContactInput,
	type ContactRecord
} from '../../shared/announcements';
import { neighbourhoodTopic } from '../../shared/push';
import type { Database } from '../db/connect';
import type { AnnouncementsTable, ContactsTable } from '../db/announcement-schema';
import type { DB } from '../db/database';
import { notifyTopic } from '../push/notify';
import type { ChangeRecorder } from '../sync/changes';
import { isSharedAudience, neighbourhoodAudience, type CollectionHandler } from '../sync/types';
import { withChanges } from '../sync/write';

type Db = Kysely<DB> | Transaction<DB>;

function parse<T>(json: string, fallback: T): T {
	try {
		return JSON.parse(json) as T;
	} catch {
		return fallback;
	}
}

/** Only the languages written in (an empty one is left out). */
const written = <T extends object>(texts: Partial<Record<string, T | undefined>>) =>
	JSON.stringify(
		Object.fromEntries(
			Object.entries(texts).filter(([, t]) => t && Object.values(t).some((value) => value !== ''))
		)
	);

export function announcementOf(row: AnnouncementsTable): AnnouncementRecord {
	return {
		id: row.id,
		neighbourhoodId: row.neighbourhood_id,
		kind: row.kind as AnnouncementKind,
		texts: parse(row.texts, {}),
		...(row.starts_at !== null ? { startsAt: Number(row.starts_at) } : {}),
		...(row.ends_at !== null ? { endsAt: Number(row.ends_at) } : {}),
		pinned: row.pinned === 1,
		publishedAt: Number(row.created_at),
		updatedAt: Number(row.updated_at)
	};
}

export function contactOf(row: ContactsTable): ContactRecord {
	return {
		id: row.id,
		neighbourhoodId: row.neighbourhood_id,
		category: row.category as ContactCategory,
		texts: parse(row.texts, {}),
		phones: parse(row.phones, []),
		updatedAt: Number(row.updated_at)
	};
}

const announcementColumns = (input: AnnouncementInput) => ({
	kind: input.kind,
	texts: written(input.texts),
	starts_at: input.startsAt ?? null,
	ends_at: input.endsAt ?? null,
	pinned: input.pinned ? 1 : 0
});

export async function createAnnouncement(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	input: AnnouncementInput,
	userId: string,
	now: number
): Promise<string> {
	const id = randomUUID();
	await trx
		.insertInto('announcements')
		.values({
			id,
			neighbourhood_id: input.neighbourhoodId,
			...announcementColumns(input),
			created_by: userId,
			created_at: now,
			updated_at: now,
			withdrawn_at: null,
			pushed_at: null
		})
		.execute();
	await changes.changed(ANNOUNCEMENT, id, neighbourhoodAudience(input.neighbourhoodId));
	return id;
}

/** Edits an announcement (its neighbourhood stays). False when there is none to edit. */
export async function updateAnnouncement(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	id: string,
	input: Omit<AnnouncementInput, 'neighbourhoodId'>,
	now: number
): Promise<boolean> {
	const row = await trx
		.selectFrom('announcements')
		.select(['neighbourhood_id', 'withdrawn_at'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row || row.withdrawn_at !== null) return false;
	await trx
		.updateTable('announcements')
		.set({
			...announcementColumns({ ...input, neighbourhoodId: row.neighbourhood_id }),
			updated_at: now
		})
		.where('id', '=', id)
		.execute();
	await changes.changed(ANNOUNCEMENT, id, neighbourhoodAudience(row.neighbourhood_id));
	return true;
}

/** Withdraws an announcement: phones drop it on their next sync. */
export async function withdrawAnnouncement(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	id: string,
	now: number
): Promise<boolean> {
	const row = await trx
		.selectFrom('announcements')
		.select(['neighbourhood_id', 'withdrawn_at'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) return false;
	if (row.withdrawn_at === null)
		await trx
			.updateTable('announcements')
			.set({ withdrawn_at: now, updated_at: now })
			.where('id', '=', id)
			.execute();
	await changes.removed(ANNOUNCEMENT, id, neighbourhoodAudience(row.neighbourhood_id));
	return true;
}

/** The page a notification opens, and the feed's link to one announcement. */
export const announcementPath = (id: string) => `/news/${id}`;

/**
 * Queues the push for an urgent announcement that is live now and was not pushed yet (on
 * publication, or an edit that made it urgent or moved its start to now). Runs after the write
 * committed; the job's dedupe key keeps it to one notification even if two processes race.
 * The payload holds the announcement's own title and a line of its text (public, written for
 * every resident), its page, and the sync flag: no personal data.
 */
export async function pushIfUrgent(database: Database, id: string, now = Date.now()) {
	const row = await database.db
		.selectFrom('announcements')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row || row.kind !== 'urgent' || row.withdrawn_at !== null || row.pushed_at !== null)
		return false;
	const record = announcementOf(row);
	if (!isLive(record, now)) return false;
	const title: Record<string, string> = {};
	const body: Record<string, string> = {};
	for (const [lang, text] of Object.entries(record.texts)) {
		if (!text) continue;
		title[lang] = text.title.slice(0, 120);
		body[lang] = text.body.replace(/\s+/g, ' ').slice(0, 200);
	}
	const queued = await notifyTopic(
		database,
		neighbourhoodTopic(row.neighbourhood_id),
		{
			title,
			body,
			url: announcementPath(id),
			tag: `ann:${id}`,
			urgency: 'high'
		},
		{ dedupeKey: `ann:${id}`, now }
	);
	await database.db
		.updateTable('announcements')
		.set({ pushed_at: now })
		.where('id', '=', id)
		.where('pushed_at', 'is', null)
		.execute();
	return queued;
}

/**
 * Urgent announcements whose start time has come and that nobody has pushed yet (those posted with
 * a later start): pushed now. Every server process runs it on its push worker's tick; the job's
 * dedupe key and `pushed_at` make each one pushed once. A withdrawn one is never pushed.
 */
export async function pushDueUrgent(database: Database, now = Date.now()): Promise<number> {
	const due = await database.db
		.selectFrom('announcements')
		.select('id')
		.where('kind', '=', 'urgent')
		.where('withdrawn_at', 'is', null)
		.where('pushed_at', 'is', null)
		.where('starts_at', 'is not', null)
		.where('starts_at', '<=', now)
		.where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
		.limit(50)
		.execute();
	let pushed = 0;
	for (const { id } of due) if (await pushIfUrgent(database, id, now)) pushed++;
	return pushed;
}

/** For the staff pages: a neighbourhood's announcements (or those of several), newest first. */
export async function listAnnouncements(db: Db, neighbourhoodIds: readonly string[] | undefined) {
	if (neighbourhoodIds && neighbourhoodIds.length === 0) return [];
	let query = db
		.selectFrom('announcements')
		.selectAll()
		.orderBy('created_at', 'desc')
		.orderBy('id')
		.limit(500);
	if (neighbourhoodIds) query = query.where('neighbourhood_id', 'in', neighbourhoodIds);
	return (await query.execute()).map((row) => ({
		...announcementOf(row),
		withdrawn: row.withdrawn_at !== null
	}));
}

export async function getAnnouncement(db: Db, id: string) {
	const row = await db
		.selectFrom('announcements')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirst();
	return row && { ...announcementOf(row), withdrawn: row.withdrawn_at !== null };
}

/**
 * How many urgent announcements are live now in these neighbourhoods (all of them when
 * `neighbourhoodIds` is undefined): for the staff home page.
 */
export async function countLiveUrgent(
	db: Db,
	neighbourhoodIds: readonly string[] | undefined,
	now = Date.now()
): Promise<number> {
	if (neighbourhoodIds && neighbourhoodIds.length === 0) return 0;
	let query = db
		.selectFrom('announcements')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('kind', '=', 'urgent')
		.where('withdrawn_at', 'is', null)
		.where((eb) => eb.or([eb('starts_at', 'is', null), eb('starts_at', '<=', now)]))
		.where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]));
	if (neighbourhoodIds) query = query.where('neighbourhood_id', 'in', neighbourhoodIds);
	const row = await query.executeTakeFirst();
	return Number(row?.n ?? 0);
}

const contactColumns = (input: ContactInput) => ({
	category: input.category,
	texts: written(input.texts),
	phones: JSON.stringify(input.phones)
});

export async function createContact(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	input: ContactInput,
	userId: string,
	now: number
): Promise<string> {
	const id = randomUUID();
	await trx
		.insertInto('contacts')
		.values({
			id,
			neighbourhood_id: input.neighbourhoodId,
			...contactColumns(input),
			created_by: userId,
			created_at: now,
			updated_at: now
		})
		.execute();
	await changes.changed(CONTACT, id, neighbourhoodAudience(input.neighbourhoodId));
	return id;
}

export async function updateContact(
	trx: Transaction<DB>,
	changes: ChangeRecorder,
	id: string,
	input: Omit<ContactInput, 'neighbourhoodId'>,
	now: number
): Promise<boolean> {
	const row = await trx
		.selectFrom('contacts')
		.select('neighbourhood_id')
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) return false;
	await trx
		.updateTable('contacts')
		.set({
			...contactColumns({ ...input, neighbourhoodId: row.neighbourhood_id }),
			updated_at: now
		})
		.where('id', '=', id)
		.execute();
	await changes.changed(CONTACT, id, neighbourhoodAudience(row.neighbourhood_id));
	return true;
}

export async function deleteContact(trx: Transaction<DB>, changes: ChangeRecorder, id: string) {
	const row = await trx
		.selectFrom('contacts')
		.select('neighbourhood_id')
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) return false;
	await trx.deleteFrom('contacts').where('id', '=', id).execute();
	await changes.removed(CONTACT, id, neighbourhoodAudience(row.neighbourhood_id));
	return true;
}

export async function listContacts(db: Db, neighbourhoodIds: readonly string[] | undefined) {
	if (neighbourhoodIds && neighbourhoodIds.length === 0) return [];
	let query = db.selectFrom('contacts').selectAll().orderBy('category').orderBy('created_at');
	if (neighbourhoodIds) query = query.where('neighbourhood_id', 'in', neighbourhoodIds);
	return (await query.limit(1000).execute()).map(contactOf);
}

export async function getContact(db: Db, id: string) {
	const row = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
	return row && contactOf(row);
}

/** The neighbourhood an announcement or contact belongs to (undefined: no such record). */
export async function neighbourhoodOfRecord(
	db: Db,
	table: 'announcements' | 'contacts',
	id: string
): Promise<string | undefined> {
	const row = await db
		.selectFrom(table)
		.select('neighbourhood_id')
		.where('id', '=', id)
		.executeTakeFirst();
	return row?.neighbourhood_id;
}

/** What phones receive: live (not withdrawn) announcements and contacts, to shared audiences. */
export const ANNOUNCEMENT_COLLECTIONS: CollectionHandler[] = [
	{
		name: ANNOUNCEMENT,
		async read(trx, ids, audience) {
			const found = new Map<string, unknown>();
			if (!isSharedAudience(audience)) return found;
			const rows = await trx
				.selectFrom('announcements')
				.selectAll()
				.where('id', 'in', ids)
				.where('withdrawn_at', 'is', null)
				.execute();
			for (const row of rows) found.set(row.id, announcementOf(row));
			return found;
		}
	},
	{
		name: CONTACT,
		async read(trx, ids, audience) {
			const found = new Map<string, unknown>();
			if (!isSharedAudience(audience)) return found;
			const rows = await trx.selectFrom('contacts').selectAll().where('id', 'in', ids).execute();
			for (const row of rows) found.set(row.id, contactOf(row));
			return found;
		}
	}
];

/** Publishes an announcement and queues its push when it is urgent and live. */
export async function publishAnnouncement(
	database: Database,
	input: AnnouncementInput,
	userId: string,
	now = Date.now()
) {
	const id = await withChanges(
		database,
		(trx, changes) => createAnnouncement(trx, changes, input, userId, now),
		now
	);
	await pushIfUrgent(database, id, now);
	return id;
}
