/**
 * Volunteer registrations applied in batches (sync/batch.ts, volunteers/save-batch.ts): when a
 * building's residents register at once, their pushes share transactions, and each must be
 * answered and stored exactly as the push alone would be (whose record it is, which
 * neighbourhoods, the roster's tags), on SQLite and PostgreSQL (there half of the phones through
 * a second connection pool, as a second server process). The batches must not fail: a failed
 * batch is applied push by push, which would hide a broken batch from every other test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/connect';
import {
	createNeighbourhood,
	defaultNeighbourhoodId
} from '../../src/lib/server/neighbourhoods/store';
import { follow } from '../../src/lib/server/neighbourhoods/follows';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { batchOf } from '../../src/lib/server/sync/batch';
import { backends } from './support/backends';
import { Phone, profile } from './support/volunteers';

const registry = productionRegistry();

for (const backend of backends()) {
	describe(`volunteer registrations, many at once (${backend.name})`, () => {
		let database: Database;
		let other: Database;
		let fallback: string;
		let hoodB: string;
		const failed = () =>
			batchOf(database).stats.failed + (other === database ? 0 : batchOf(other).stats.failed);
		const batches = () =>
			batchOf(database).stats.batches + (other === database ? 0 : batchOf(other).stats.batches);

		beforeAll(async () => {
			database = await backend.open();
			other = backend.sibling ? await backend.sibling(database) : database;
			fallback = (await defaultNeighbourhoodId(database.db))!;
			hoodB = await createNeighbourhood(database.db, {
				names: { en: 'Block B', 'zh-Hant': '', 'zh-Hans': '' },
				description: '',
				region: 'hk',
				timeZone: 'Asia/Hong_Kong'
			});
		});
		afterAll(() => backend.cleanup());

		const phones = (n: number, db = database) =>
			Promise.all(Array.from({ length: n }, () => Phone.register(db, registry)));

		async function neighbourhoodsOf(volunteerId: string) {
			const rows = await database.db
				.selectFrom('volunteer_neighbourhoods')
				.select('neighbourhood_id')
				.where('volunteer_id', '=', volunteerId)
				.execute();
			return rows.map((r) => r.neighbourhood_id).sort();
		}

		async function tagsOf(volunteerId: string) {
			const rows = await database.db
				.selectFrom('volunteer_tags')
				.select('tag')
				.where('volunteer_id', '=', volunteerId)
				.execute();
			return rows.map((r) => r.tag).sort();
		}

		it('registers a crowd, with the neighbourhoods and tags the single path gives', async () => {
			const [failedBefore, batchesBefore] = [failed(), batches()];
			const crowd = [...(await phones(20)), ...(await phones(20, other))];
			// A third follow hood B, a third chose B (and one that does not exist), the rest neither.
			await Promise.all(
				crowd.map((p, i) => (i % 3 === 0 ? follow(p.database, p.clientId, hoodB) : undefined))
			);
			const saved = crowd.map((_, i) =>
				profile({
					id: randomUUID(),
					name: `鄰居 ${i}`,
					skills: i % 2 ? ['firstAid'] : ['driving'],
					firstAidCertified: true,
					hasCar: i % 4 === 0,
					building: `Block ${i % 5}`,
					...(i % 3 === 1 ? { neighbourhoodIds: [hoodB, randomUUID()] } : {})
				})
			);
			const answers = await Promise.all(crowd.map((p, i) => p.send('volunteer.save', saved[i])));
			expect(answers.map((a) => a.status === 'applied' && a.outcome)).toEqual(
				crowd.map(() => 'registered')
			);
			expect(failed() - failedBefore).toBe(0);
			expect(batches() - batchesBefore).toBeGreaterThan(0);
			expect(batches() - batchesBefore).toBeLessThan(40);
			for (const [i, p] of crowd.entries()) {
				const row = await database.db
					.selectFrom('volunteers')
					.selectAll()
					.where('id', '=', saved[i]!.id)
					.executeTakeFirstOrThrow();
				expect(row.resident_id).toBe(p.residentId);
				expect(row.name).toBe(`鄰居 ${i}`);
				expect(row.status).toBe('active');
				expect(await neighbourhoodsOf(saved[i]!.id)).toEqual(i % 3 === 2 ? [fallback] : [hoodB]);
				const skill = i % 2 ? ['skill:firstAid', 'skill:firstAid:certified'] : ['skill:driving'];
				const car = i % 2 === 0 && i % 4 === 0 ? ['skill:driving:car'] : [];
				expect(await tagsOf(saved[i]!.id)).toEqual(
					[...skill, ...car, `building:block ${i % 5}`, ...tagsRest(saved[i]!)].sort()
				);
				// The phone hears of its record and of its status (new volunteer).
				const seen = await p.pull();
				expect(seen.get(`volunteer/${saved[i]!.id}`)).toMatchObject({ name: `鄰居 ${i}` });
				expect(seen.get(`volunteerStatus/${saved[i]!.id}`)).toMatchObject({ status: 'active' });
			}

			// Then all of them edit at once: updated, a new building's tag, neighbourhoods kept
			// unless chosen again.
			const edited = saved.map((s, i) => ({
				...s,
				building: `Tower ${i}`,
				neighbourhoodIds: i % 2 ? [fallback] : undefined
			}));
			const again = await Promise.all(crowd.map((p, i) => p.send('volunteer.save', edited[i])));
			expect(again.map((a) => a.status === 'applied' && a.outcome)).toEqual(
				crowd.map(() => 'updated')
			);
			expect(failed() - failedBefore).toBe(0);
			for (const [i] of crowd.entries()) {
				const id = saved[i]!.id;
				expect(await tagsOf(id)).toContain(`building:tower ${i}`);
				expect(await tagsOf(id)).not.toContain(`building:block ${i % 5}`);
				const before = i % 3 === 2 ? [fallback] : [hoodB];
				expect(await neighbourhoodsOf(id)).toEqual(i % 2 ? [fallback] : before);
			}
		});

		it('refuses, in one batch, what the single path refuses', async () => {
			const failedBefore = failed();
			const [owner, thief, twice, fresh] = await phones(4);
			const ownerId = randomUUID();
			const twiceId = randomUUID();
			await owner!.send('volunteer.save', profile({ id: ownerId }));
			await twice!.send('volunteer.save', profile({ id: twiceId }));
			const answers = await Promise.all([
				thief!.send('volunteer.save', profile({ id: ownerId, name: 'Not the owner' })),
				twice!.send('volunteer.save', profile({ id: randomUUID() })),
				fresh!.send('volunteer.save', profile({ id: randomUUID() })),
				owner!.send('volunteer.save', profile({ id: ownerId, name: 'Owner again' }))
			]);
			expect(answers.map((a) => (a.status === 'rejected' ? a.code : a.outcome))).toEqual([
				'forbidden',
				'already_registered',
				'registered',
				'updated'
			]);
			const owned = await database.db
				.selectFrom('volunteers')
				.select(['resident_id', 'name'])
				.where('id', '=', ownerId)
				.executeTakeFirstOrThrow();
			expect(owned).toEqual({ resident_id: owner!.residentId, name: 'Owner again' });
			expect(failed() - failedBefore).toBe(0);
		});

		it('hands a batch back when two residents send one new id, and the second is refused', async () => {
			const [a, b] = await phones(2);
			const id = randomUUID();
			const answers = await Promise.all([
				a!.send('volunteer.save', profile({ id })),
				b!.send('volunteer.save', profile({ id }))
			]);
			const outcomes = answers.map((x) => (x.status === 'rejected' ? x.code : x.outcome)).sort();
			expect(outcomes).toEqual(['forbidden', 'registered']);
			const rows = await database.db
				.selectFrom('volunteers')
				.select('resident_id')
				.where('id', '=', id)
				.execute();
			expect(rows).toHaveLength(1);
		});
	});
}

/** The language and availability tags of a profile (the test varies skills and buildings). */
function tagsRest(p: ReturnType<typeof profile>) {
	return [...p.languages.map((l) => `lang:${l}`), ...p.availability.map((s) => `slot:${s}`)];
}
