/** The neighbourhoods' announcements and contacts on this phone, as Svelte state. */
import { live } from '$lib/db/live.svelte';
import type { LinliDb, NewsState } from '$lib/db/schema';
import {
	ANNOUNCEMENT,
	CONTACT,
	isLive,
	type AnnouncementRecord,
	type ContactRecord
} from '$shared/announcements';

export interface NewsItem extends AnnouncementRecord {
	read: boolean;
	dismissed: boolean;
}

/** Live announcements, pinned first, then newest first. */
export async function readNews(db: LinliDb, now = Date.now()): Promise<NewsItem[]> {
	const rows = await db.records.where('collection').equals(ANNOUNCEMENT).toArray();
	const states = new Map(
		(await db.newsState.bulkGet(rows.map((r) => r.id)))
			.filter((s): s is NewsState => s !== undefined)
			.map((s) => [s.id, s])
	);
	return rows
		.map((r) => r.data as AnnouncementRecord | null)
		.filter((a): a is AnnouncementRecord => a !== null && isLive(a, now))
		.map((a) => ({
			...a,
			read: states.get(a.id)?.readAt !== undefined,
			dismissed: states.get(a.id)?.dismissedAt !== undefined
		}))
		.sort(
			(a, b) =>
				Number(b.pinned) - Number(a.pinned) ||
				(b.startsAt ?? b.publishedAt) - (a.startsAt ?? a.publishedAt)
		);
}

export function newsData() {
	return live(
		() => null,
		async (db) => ({ loaded: true, items: await readNews(db) }),
		{ loaded: false, items: [] as NewsItem[] }
	);
}

export function contactsData() {
	return live(
		() => null,
		async (db) => ({
			loaded: true,
			items: (await db.records.where('collection').equals(CONTACT).toArray())
				.map((r) => r.data as ContactRecord | null)
				.filter((c): c is ContactRecord => c !== null)
		}),
		{ loaded: false, items: [] as ContactRecord[] }
	);
}

async function mark(id: string, change: Partial<NewsState>) {
	const { database } = await import('$lib/db/db');
	const db = await database();
	await db.transaction('rw', db.newsState, async () => {
		const old = await db.newsState.get(id);
		await db.newsState.put({ ...old, ...change, id });
	});
}

export const markRead = (id: string) => mark(id, { readAt: Date.now() });
export const dismissBanner = (id: string) =>
	mark(id, { dismissedAt: Date.now(), readAt: Date.now() });
