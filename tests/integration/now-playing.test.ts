/**
 * "Now playing" (issue 13) on SQLite and PostgreSQL: an organizer marks the song being sung; the
 * neighbourhood's phones get it with the event on their next pull, and the event page reads it
 * from GET /api/events/<id>/now-playing while the event is on. Only songs on the sheet, only on
 * a published event, only by organizers of the event's neighbourhood.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/connect';
import type { ServerContext } from '../../src/lib/server/context';
import { createEvent, setEventStatus, updateEvent } from '../../src/lib/server/events/store';
import { setNowPlaying } from '../../src/lib/server/events/now-playing';
import {
	createNeighbourhood,
	defaultNeighbourhoodId
} from '../../src/lib/server/neighbourhoods/store';
import { follow } from '../../src/lib/server/neighbourhoods/follows';
import type { StaffScope } from '../../src/lib/server/neighbourhoods/scope';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import type { EventPublic } from '../../src/lib/shared/events';
import { backends } from './support/backends';
import { concertInput } from './support/events';
import { serveRequest, testContext } from './support/server';
import { Phone } from './support/volunteers';

const registry = productionRegistry();
const SONGS = [
	{ title: '月亮代表我的心', words: '你問我愛你有多深' },
	{ title: 'Under the Lion Rock', words: '' },
	{ title: '朋友', words: '' }
];

for (const backend of backends()) {
	describe(`now playing (${backend.name})`, () => {
		let database: Database;
		let ctx: ServerContext;
		let hood: string;
		const organizer: StaffScope = { all: false, ids: [] };
		const outsider: StaffScope = { all: false, ids: [] };

		beforeAll(async () => {
			database = await backend.open();
			ctx = testContext(database, registry);
			hood = (await defaultNeighbourhoodId(database.db))!;
			organizer.ids = [hood];
			outsider.ids = [
				await createNeighbourhood(database.db, {
					names: { en: 'Elsewhere', 'zh-Hant': '', 'zh-Hans': '' },
					description: '',
					region: '',
					timeZone: 'Asia/Taipei'
				})
			];
		});
		afterAll(() => backend.cleanup());

		async function concert(status: 'published' | 'postponed' | 'draft' = 'published') {
			const now = Date.now();
			const input = { ...concertInput(hood, now), songs: SONGS };
			const id = await createEvent(database, organizer, input, 'org-1', now);
			if (status !== 'draft') await setEventStatus(database, organizer, id, 'published', now);
			if (status === 'postponed') await setEventStatus(database, organizer, id, 'postponed');
			return { id, input };
		}
		const ask = async (id: string) => {
			const response = await serveRequest(
				ctx,
				new Request(`http://linli.test/api/events/${id}/now-playing`)
			);
			return {
				status: response.status,
				cache: response.headers.get('cache-control'),
				body: await response.json()
			};
		};

		it('reaches the phones with the event, and the event page by asking, until it is cleared', async () => {
			const { id } = await concert();
			const phone = await Phone.register(database, registry);
			await follow(database, phone.clientId, hood);
			expect(((await phone.pull()).get(`event/${id}`) as EventPublic).nowPlaying).toBeUndefined();
			expect(await ask(id)).toEqual({ status: 200, cache: 'no-store', body: { song: null } });

			await expect(setNowPlaying(database, organizer, id, { song: 1 })).resolves.toEqual({
				song: 1
			});
			expect(((await phone.pull()).get(`event/${id}`) as EventPublic).nowPlaying).toBe(1);
			expect((await ask(id)).body).toEqual({ song: 1 });

			await setNowPlaying(database, organizer, id, { song: null });
			expect(((await phone.pull()).get(`event/${id}`) as EventPublic).nowPlaying).toBeUndefined();
			expect((await ask(id)).body).toEqual({ song: null });
		});

		it('refuses a song that is not on the sheet, changing nothing', async () => {
			const { id } = await concert();
			await setNowPlaying(database, organizer, id, { song: 0 });
			for (const song of [3, -1, 1.5, '1', undefined])
				await expect(setNowPlaying(database, organizer, id, { song })).rejects.toMatchObject({
					errors: { song: 'range' }
				});
			expect((await ask(id)).body).toEqual({ song: 0 });
		});

		it('marks only on a published event, only by its own organizers', async () => {
			for (const status of ['draft', 'postponed'] as const) {
				const { id } = await concert(status);
				await expect(setNowPlaying(database, organizer, id, { song: 0 })).rejects.toMatchObject({
					errors: { song: 'notPublished' }
				});
			}
			const { id } = await concert();
			await expect(setNowPlaying(database, outsider, id, { song: 0 })).rejects.toMatchObject({
				code: 'forbidden'
			});
			await expect(
				setNowPlaying(database, { all: true }, randomUUID(), { song: 0 })
			).rejects.toMatchObject({ code: 'event_not_found' });
		});

		it('answers 404 for a draft, an unknown event and a malformed id', async () => {
			const { id } = await concert('draft');
			expect((await ask(id)).status).toBe(404);
			expect((await ask(randomUUID())).status).toBe(404);
			expect((await ask('not-an-id')).status).toBe(404);
		});

		it('drops the mark from the record when an edit takes that song off the sheet', async () => {
			const { id, input } = await concert();
			await setNowPlaying(database, organizer, id, { song: 2 });
			await updateEvent(database, organizer, id, { ...input, songs: SONGS.slice(0, 2) });
			const phone = await Phone.register(database, registry);
			await follow(database, phone.clientId, hood);
			expect(((await phone.pull()).get(`event/${id}`) as EventPublic).nowPlaying).toBeUndefined();
		});
	});
}
