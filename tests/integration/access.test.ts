import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../../src/lib/server/context';
import type { StaffUser } from '../../src/lib/server/auth/sessions';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { withChanges } from '../../src/lib/server/sync/write';
import { createTask } from '../../src/lib/server/volunteers/tasks';
import { backends } from './support/backends';
import { staffOfDefault } from './support/neighbourhoods';
import { serveRequest, testContext } from './support/server';
import { Phone, profile } from './support/volunteers';

const staff = (roles: StaffUser['roles']): StaffUser => ({
	id: randomUUID(),
	email: 'x@example.org',
	name: 'X',
	roles
});
/** An organizer of the default neighbourhood, where the test's task and volunteer are. */
const organizer = staff(['organizer']);
const ROLES: [string, StaffUser | null, number][] = [
	['anonymous', null, 401],
	['a publisher', staff(['publisher']), 403],
	['an organizer', organizer, 200],
	['an admin', staff(['admin']), 200]
];
const ORGANIZER_ENDPOINTS = [
	'/api/volunteers',
	'/api/volunteers/export.csv',
	'/api/hours/export.csv'
];

for (const backend of backends()) {
	describe(`who may see volunteers' details (${backend.name})`, () => {
		let ctx: ServerContext;
		let phone: Phone;
		beforeAll(async () => {
			const database = await backend.open();
			ctx = testContext(database, productionRegistry());
			await staffOfDefault(database, organizer);
			phone = await Phone.register(database, ctx.registry);
			await phone.send(
				'volunteer.save',
				profile({
					name: '=HYPERLINK("http://evil.example","click")',
					phone: '+852 9876 5432',
					email: 'private@example.org',
					notes: '@SUM(A1:A9)'
				})
			);
			const starts = Date.now() - 2 * 3_600_000;
			const taskId = await withChanges(database, (trx, changes, now) =>
				createTask(
					trx,
					changes,
					{
						title: '-2+3 Deliveries',
						place: 'Lobby',
						address: 'Flat 1',
						startsAt: starts,
						endsAt: starts + 3 * 3_600_000,
						skills: [],
						slots: 1
					},
					'o',
					now
				)
			);
			const signup = randomUUID();
			await phone.send('signup.create', { id: signup, taskId });
			await phone.send('signup.checkIn', { id: signup, at: starts });
			await phone.send('signup.checkOut', { id: signup, at: starts + 3_600_000 });
		});
		afterAll(() => backend.cleanup());

		for (const path of ORGANIZER_ENDPOINTS) {
			for (const [who, user, status] of ROLES) {
				it(`GET ${path} as ${who} → ${status}`, async () => {
					const response = await serveRequest(ctx, new Request(`http://linli.test${path}`), user);
					expect(response.status).toBe(status);
					const body = await response.text();
					if (status === 200) expect(body).toContain('HYPERLINK');
					else expect(body).not.toMatch(/HYPERLINK|9876|private@example/);
				});
			}
		}

		it('a device (a resident) gets no contact details from the organizer API, whatever it sends', async () => {
			const secretless = await serveRequest(
				ctx,
				new Request('http://linli.test/api/volunteers', {
					headers: { authorization: `Device ${phone.clientId}:x` }
				})
			);
			expect(secretless.status).toBe(401);
		});

		it("no resident's pull holds another resident's contact details", async () => {
			const other = await Phone.register(ctx.database, ctx.registry);
			const seen = JSON.stringify([...(await other.pull()).entries()]);
			expect(seen).not.toMatch(/9876|private@example|HYPERLINK/);
			expect(seen).toContain('Deliveries'); // public task data does arrive
			expect(seen).not.toContain('Flat 1'); // the exact address does not
		});

		it('CSV exports are UTF-8 with a BOM, and formula-like cells cannot run in a spreadsheet', async () => {
			const roster = await serveRequest(
				ctx,
				new Request('http://linli.test/api/volunteers/export.csv'),
				organizer
			);
			expect(roster.headers.get('content-type')).toBe('text/csv; charset=utf-8');
			const bytes = new Uint8Array(await roster.arrayBuffer());
			expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			const text = new TextDecoder().decode(bytes);
			expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
			expect(text).toContain("'@SUM(A1:A9)");
			expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
			const hours = await (
				await serveRequest(ctx, new Request('http://linli.test/api/hours/export.csv'), organizer)
			).text();
			expect(hours).toContain("'-2+3 Deliveries");
			expect(hours).toContain(',1.0,'); // an hour, recorded (hours with one decimal)
		});

		it('bad roster filters → 400, not a 500', async () => {
			const response = await serveRequest(
				ctx,
				new Request('http://linli.test/api/volunteers?skill=juggling&page=0'),
				staff(['organizer'])
			);
			expect(response.status).toBe(400);
			expect(await response.json()).toMatchObject({ error: 'invalid', path: 'skill' });
		});
	});
}
