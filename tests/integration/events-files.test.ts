/**
 * An event's files, read by independent parsers: the .ics (ical.js: fields, time zone, a UID that
 * stays, SEQUENCE rising on every change, STATUS:CANCELLED), the neighbourhood feed, and the
 * roster CSV (UTF-8 with BOM, formula-safe, Chinese intact; organizers in scope only).
 */
import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/lib/server/auth/sessions';
import type { ServerContext } from '../../src/lib/server/context';
import type { Database } from '../../src/lib/server/db/connect';
import { handleEventCsv, handleEventIcs, handleFeedIcs } from '../../src/lib/server/events/http';
import {
	checkIn,
	createEvent,
	postUpdate,
	setEventStatus,
	updateEvent
} from '../../src/lib/server/events/store';
import { api } from '../../src/lib/server/http/errors';
import { createNeighbourhood, getNeighbourhood } from '../../src/lib/server/neighbourhoods/store';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import type { RequestInfo } from '../../src/lib/server/sync/http';
import { backends } from './support/backends';
import { testContext } from './support/server';
import { Phone } from './support/volunteers';
import { concertInput } from './support/events';

const registry = productionRegistry();
const ORIGIN = 'https://linli.example';

function call(
	ctx: ServerContext,
	handler: (ctx: ServerContext, info: RequestInfo) => Promise<Response>,
	path: string,
	user: StaffUser | null = null
) {
	const request = new Request(`${ORIGIN}${path}`, { headers: { 'accept-language': 'zh-TW' } });
	return api(() => handler(ctx, { request, url: new URL(request.url), ip: '127.0.0.1', user }));
}

function parse(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	const vevents = calendar.getAllSubcomponents('vevent');
	return { calendar, vevents };
}

const [backend] = backends();

describe('event files (sqlite)', () => {
	let database: Database;
	let ctx: ServerContext;
	let hood: string;
	let eventId: string;
	const organizer: StaffUser = {
		id: 'org-1',
		email: 'o@example.org',
		name: 'O',
		roles: ['organizer']
	};
	const outsider: StaffUser = { ...organizer, id: 'org-2' };

	beforeAll(async () => {
		database = await backend!.open();
		ctx = testContext(database, registry);
		hood = await createNeighbourhood(database.db, {
			names: { en: 'Harbour View', 'zh-Hant': '海景', 'zh-Hans': '' },
			description: '',
			region: '',
			timeZone: 'Asia/Hong_Kong'
		});
		for (const [user, hoodId] of [
			[organizer, hood],
			[
				outsider,
				await createNeighbourhood(database.db, {
					names: { en: 'Elsewhere', 'zh-Hant': '', 'zh-Hans': '' },
					description: '',
					region: '',
					timeZone: ''
				})
			]
		] as const) {
			await database.db
				.insertInto('users')
				.values({
					id: user.id,
					email: `${user.id}@example.org`,
					name: user.name,
					password_hash: 'x',
					roles: 'organizer',
					created_at: Date.now(),
					failed_sign_ins: 0,
					locked_until: null,
					last_sign_in_at: null,
					disabled: 0
				})
				.execute();
			await database.db
				.insertInto('neighbourhood_organizers')
				.values({ neighbourhood_id: hoodId, user_id: user.id, created_at: Date.now() })
				.execute();
		}
		// 20:00 on 6 December 2026, Hong Kong time.
		const input = {
			...concertInput(hood, Date.now()),
			startsAt: Date.UTC(2026, 11, 6, 12),
			endsAt: Date.UTC(2026, 11, 6, 14),
			signupDeadline: Date.UTC(2026, 11, 5, 12)
		};
		eventId = await createEvent(database, { all: false, ids: [hood] }, input, organizer.id);
	});
	afterAll(() => backend!.cleanup());

	it('serves no calendar for a draft', async () => {
		expect((await call(ctx, handleEventIcs, `/events/${eventId}.ics`)).status).toBe(404);
	});

	it('writes a valid calendar with the zone, a stable UID and a SEQUENCE that rises', async () => {
		const scope = { all: false as const, ids: [hood] };
		await setEventStatus(database, scope, eventId, 'published');
		const first = await call(ctx, handleEventIcs, `/events/${eventId}.ics`);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toContain('text/calendar');
		const one = parse(await first.text());
		expect(one.vevents).toHaveLength(1);
		const event = new ICAL.Event(one.vevents[0]!);
		expect(event.summary).toBe('陽台音樂會');
		expect(event.location).toBe('Courtyard of Block 3');
		expect(one.vevents[0]!.getFirstProperty('dtstart')!.getParameter('tzid')).toBe(
			'Asia/Hong_Kong'
		);
		expect(event.startDate.toString()).toBe('2026-12-06T20:00:00');
		const zone = one.calendar.getFirstSubcomponent('vtimezone')!;
		expect(zone.getFirstPropertyValue('tzid')).toBe('Asia/Hong_Kong');
		// The zone ical.js builds from the file puts the start at 12:00 UTC.
		const tz = new ICAL.Timezone(zone);
		const start = event.startDate.clone();
		start.zone = tz;
		expect(start.toUnixTime() * 1000).toBe(Date.UTC(2026, 11, 6, 12));
		expect(one.vevents[0]!.getFirstPropertyValue('status')).toBe('CONFIRMED');
		const uid = event.uid;
		const seq1 = Number(one.vevents[0]!.getFirstPropertyValue('sequence'));

		await postUpdate(database, scope, eventId, 'Moved to 8:30 pm', organizer.id);
		const edited = {
			...concertInput(hood, Date.now()),
			startsAt: Date.UTC(2026, 11, 6, 12, 30),
			endsAt: Date.UTC(2026, 11, 6, 14),
			signupDeadline: Date.UTC(2026, 11, 5, 12)
		};
		const current = await database.db
			.selectFrom('event_roles')
			.select(['id', 'names', 'capacity'])
			.where('event_id', '=', eventId)
			.orderBy('position')
			.execute();
		edited.roles = current.map((r) => ({
			id: r.id,
			names: JSON.parse(r.names),
			capacity: r.capacity
		}));
		await updateEvent(database, scope, eventId, edited);
		const two = parse(await (await call(ctx, handleEventIcs, `/events/${eventId}.ics`)).text());
		const seq2 = Number(two.vevents[0]!.getFirstPropertyValue('sequence'));
		expect(new ICAL.Event(two.vevents[0]!).uid).toBe(uid);
		expect(seq2).toBeGreaterThan(seq1);
		expect(new ICAL.Event(two.vevents[0]!).startDate.toString()).toBe('2026-12-06T20:30:00');

		await setEventStatus(database, scope, eventId, 'cancelled');
		const three = parse(await (await call(ctx, handleEventIcs, `/events/${eventId}.ics`)).text());
		expect(three.vevents[0]!.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(Number(three.vevents[0]!.getFirstPropertyValue('sequence'))).toBeGreaterThan(seq2);
		expect(new ICAL.Event(three.vevents[0]!).uid).toBe(uid);
	});

	it('serves the neighbourhood feed by its join code, drafts left out', async () => {
		const scope = { all: false as const, ids: [hood] };
		const draft = await createEvent(database, scope, concertInput(hood, Date.now()), organizer.id);
		const code = (await getNeighbourhood(database.db, hood))!.joinCode;
		const feed = parse(await (await call(ctx, handleFeedIcs, `/n/${code}/events.ics`)).text());
		const uids = feed.vevents.map((v) => new ICAL.Event(v).uid);
		expect(uids.some((u) => u.startsWith(eventId))).toBe(true);
		expect(uids.some((u) => u.startsWith(draft))).toBe(false);
		expect((await call(ctx, handleFeedIcs, `/n/ZZZZZZZZ/events.ics`)).status).toBe(404);
	});

	it('exports the roster as a spreadsheet-safe CSV with Chinese names intact, to organizers in scope only', async () => {
		const scope = { all: false as const, ids: [hood] };
		const input = concertInput(hood, Date.now());
		const id = await createEvent(database, scope, input, organizer.id);
		await setEventStatus(database, scope, id, 'published');
		const names = ['陳大文', '=HYPERLINK("http://evil")', '李小龍'];
		const signups: string[] = [];
		for (const name of names) {
			const phone = await Phone.register(database, registry);
			const signupId = randomUUID();
			signups.push(signupId);
			await phone.send('event.signUp', {
				id: signupId,
				eventId: id,
				roleId: input.roles[0]!.id,
				name,
				building: '海景大廈',
				unit: '12樓A',
				partySize: 1
			});
		}
		await checkIn(database, scope, id, signups[0]!, organizer.id);
		const path = `/api/events/${id}/export.csv`;
		expect((await call(ctx, handleEventCsv, path)).status).toBe(401);
		expect((await call(ctx, handleEventCsv, path, outsider)).status).toBe(403);
		const response = await call(ctx, handleEventCsv, path, organizer);
		expect(response.status).toBe(200);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		// (TextDecoder drops the BOM, as a spreadsheet does.)
		const text = new TextDecoder().decode(bytes);
		const rows = Papa.parse<string[]>(text.trim()).data;
		expect(rows[0]).toContain('名字');
		expect(rows.slice(1).map((r) => r[0])).toEqual([
			'陳大文',
			`'=HYPERLINK("http://evil")`,
			'李小龍'
		]);
		expect(rows[1]![1]).toBe('海景大廈');
		expect(rows[1]![6]).toBe('是');
	});
});
