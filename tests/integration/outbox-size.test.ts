/**
 * A phone's outbox against the real server's body limit (256 KiB): a hundred edits of a long
 * Chinese profile get through in batches that fit, and a change too large ever to send is shown
 * as a problem and stops nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUSH_BYTES } from '../../src/lib/shared/sync';
import type { ServerContext } from '../../src/lib/server/context';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { commitLocalChange } from '../../src/lib/sync/local-change';
import { backends } from './support/backends';
import { testPhone } from './support/phone';
import { testContext } from './support/server';
import { profile } from './support/volunteers';

const backend = backends()[0]!; // the client's batching is the same whatever the database

describe('the outbox and the server’s body limit', () => {
	let ctx: ServerContext;
	const phone = testPhone(() => ctx);
	const me = profile({
		name: '陳大文'.repeat(26),
		building: '幸福邨福樂樓'.repeat(10),
		skillsOther: '會說潮州話、客家話，也會一點手語，可以陪長者看醫生。'.repeat(7),
		notes: '平日晚上和週末都有空，住在十二樓，家裡有輪椅可以借給有需要的鄰居使用。'.repeat(14)
	});
	const save = (data: typeof me) =>
		commitLocalChange(phone.db, {
			collection: 'volunteer',
			id: data.id,
			data,
			mutation: { type: 'volunteer.save', payload: data }
		});

	beforeAll(async () => {
		ctx = testContext(await backend.open(), productionRegistry());
	});
	afterAll(() => backend.cleanup());

	it('sends 100 edits of a long Chinese profile (more than 256 KiB together) and the server takes them all', async () => {
		let total = 0;
		for (let i = 0; i < 100; i++) {
			const edit = { ...me, maxHoursPerWeek: i % 60 };
			total += new TextEncoder().encode(JSON.stringify(edit)).byteLength;
			await save(edit);
		}
		expect(total).toBeGreaterThan(MAX_PUSH_BYTES);
		expect(await phone.engine.sync()).toMatchObject({ ok: true, pushed: 100 });
		expect(await phone.db.outbox.count()).toBe(0);
		expect(await phone.db.syncIssues.count()).toBe(0);
		const stored = await ctx.database.db
			.selectFrom('volunteers')
			.select(['name', 'max_hours_week'])
			.executeTakeFirstOrThrow();
		expect(stored).toEqual({ name: me.name, max_hours_week: 99 % 60 });
	});

	it('shows a change too large ever to send as a problem, never retries it, and sends what follows', async () => {
		const huge = { ...me, notes: '長'.repeat(100_000) };
		await save(huge);
		await save({ ...me, maxHoursPerWeek: 7 });
		expect(await phone.engine.sync()).toMatchObject({ ok: true });
		expect(await phone.db.outbox.count()).toBe(0);
		const issues = await phone.db.syncIssues.toArray();
		expect(issues).toMatchObject([
			{ code: 'too_large', params: { max: 256 }, type: 'volunteer.save' }
		]);
		const stored = await ctx.database.db
			.selectFrom('volunteers')
			.select('max_hours_week')
			.executeTakeFirstOrThrow();
		expect(stored.max_hours_week).toBe(7);
		expect(await phone.engine.sync()).toMatchObject({ ok: true, pushed: 0 });
		expect(await phone.db.syncIssues.count()).toBe(1);
	});
});
