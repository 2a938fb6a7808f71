/**
 * Demo events for `npx linli demo`: a balcony concert (roles with places, a song sheet, a few
 * sign-ups, one of them waiting) and a clean-up morning, both published in the demo
 * neighbourhood. The sign-ups belong to demo residents made here (no phone holds them).
 */
import { randomUUID } from 'node:crypto';
import { admit } from '../../domain/capacity';
import type { Database } from '../db/connect';
import { nextArrival } from '../capacity';
import { withChanges } from '../sync/write';
import { createEvent, refreshEvent, setEventStatus } from './store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function seedDemoEvents(
	db: Database,
	{
		neighbourhoodId,
		organizerAccountId,
		now = Date.now()
	}: { neighbourhoodId: string; organizerAccountId: string; now?: number }
): Promise<string[]> {
	const scope = { all: false as const, ids: [neighbourhoodId] };
	// Whole hours a week ahead, so the demo reads "8:00 pm" rather than "8:13 pm".
	const base = Math.ceil((now + 7 * DAY) / HOUR) * HOUR;
	const singers = randomUUID();
	const players = randomUUID();
	const everyone = randomUUID();
	const concert = await createEvent(
		db,
		scope,
		{
			neighbourhoodId,
			kind: 'balconyConcert',
			titles: { en: 'Balcony concert', 'zh-Hant': '陽台音樂會', 'zh-Hans': '阳台音乐会' },
			descriptions: {
				en: 'We sing together from our balconies, one song after another.',
				'zh-Hant': '大家在自家陽台一起唱歌，一首接一首。',
				'zh-Hans': '大家在自家阳台一起唱歌，一首接一首。'
			},
			startsAt: base,
			endsAt: base + 2 * HOUR,
			signupDeadline: base - DAY,
			place: 'Courtyard between Blocks 2 and 3',
			bring: 'A torch or your phone light',
			safety: 'Stay on your own balcony; keep children away from the railings.',
			roles: [
				{
					id: singers,
					names: { en: 'Lead singers', 'zh-Hant': '領唱', 'zh-Hans': '领唱' },
					capacity: 2
				},
				{
					id: players,
					names: { en: 'Instruments', 'zh-Hant': '樂器', 'zh-Hans': '乐器' },
					capacity: 6
				},
				{
					id: everyone,
					names: { en: 'Everyone else', 'zh-Hant': '其他人', 'zh-Hans': '其他人' },
					capacity: null
				}
			],
			songs: [
				{
					title: '月亮代表我的心',
					words: '你問我愛你有多深\n我愛你有幾分\n我的情也真\n我的愛也真\n月亮代表我的心'
				},
				{
					title: 'Auld Lang Syne',
					words: 'Should auld acquaintance be forgot\nand never brought to mind?'
				}
			]
		},
		organizerAccountId,
		now
	);
	const cleanUp = await createEvent(
		db,
		scope,
		{
			neighbourhoodId,
			kind: 'other',
			titles: { en: 'Stairwell clean-up', 'zh-Hant': '樓梯清潔日', 'zh-Hans': '楼梯清洁日' },
			descriptions: {},
			startsAt: base + 2 * DAY - 10 * HOUR,
			endsAt: base + 2 * DAY - 7 * HOUR,
			signupDeadline: base + DAY,
			place: 'Lobby of Block 3',
			bring: 'Gloves',
			safety: 'Masks are provided.',
			roles: [
				{
					id: randomUUID(),
					names: { en: 'Helpers', 'zh-Hant': '幫手', 'zh-Hans': '帮手' },
					capacity: 10
				}
			],
			songs: []
		},
		organizerAccountId,
		now
	);
	for (const id of [concert, cleanUp]) await setEventStatus(db, scope, id, 'published', now);
	const people: [name: string, building: string, unit: string, roleId: string][] = [
		['陳美玲', 'Block 2', '8F', singers],
		['Wong Ka Ho', 'Block 3', '12A', singers],
		['李志明', 'Block 3', '5C', singers],
		['Lee Siu Fan', 'Block 2', '3B', players],
		['張家豪', 'Block 1', '', everyone]
	];
	await withChanges(
		db,
		async (trx, changes) => {
			for (const [name, building, unit, roleId] of people) {
				const resident = randomUUID();
				const client = randomUUID();
				await trx.insertInto('residents').values({ id: resident, created_at: now }).execute();
				const rows = await trx
					.selectFrom('event_signups')
					.select(['id', 'status', 'party_size'])
					.where('role_id', '=', roleId)
					.where('status', '!=', 'cancelled')
					.execute();
				const capacity = roleId === singers ? 2 : roleId === players ? 6 : Infinity;
				const status = admit(
					rows.map((r, i) => ({ id: r.id, status: r.status, order: i, size: r.party_size })),
					capacity
				);
				await trx
					.insertInto('event_signups')
					.values({
						id: randomUUID(),
						event_id: concert,
						role_id: roleId,
						resident_id: resident,
						client_id: client,
						name,
						building,
						unit,
						party_size: 1,
						status,
						arrival: await nextArrival(trx, db.dialect),
						created_at: now,
						updated_at: now
					})
					.execute();
			}
			await refreshEvent(trx, changes, concert, now);
		},
		now
	);
	return [concert, cleanUp];
}
