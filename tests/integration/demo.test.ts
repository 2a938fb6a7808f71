/**
 * `npx linli demo` (issue 10): fills an empty database with two neighbourhoods and their join
 * links, an organizer of the first, and tasks a phone following it receives; refuses a database
 * that holds residents (or the demo already). In-process on SQLite and PostgreSQL; the command
 * itself on an empty SQLite database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/lib/server/db/connect';
import { openDatabase } from '../../src/lib/server/db/connect';
import { migrate } from '../../src/lib/server/db/migrate';
import { verifyPassword } from '../../src/lib/server/auth/passwords';
import { registerDevice } from '../../src/lib/server/sync/devices';
import { DemoRefused, runDemo } from '../../src/lib/server/demo/seed';
import { follow } from '../../src/lib/server/neighbourhoods/follows';
import { neighbourhoodByCode } from '../../src/lib/server/neighbourhoods/store';
import { productionRegistry } from '../../src/lib/server/sync/registry';
import { backends } from './support/backends';
import { Phone } from './support/volunteers';
import { bundleCli, runCli } from '../unit/cli/run-cli';

const registry = productionRegistry();

async function verifyUserPassword(database: Database, email: string, password: string) {
	const user = await database.db
		.selectFrom('users')
		.select('password_hash')
		.where('email', '=', email)
		.executeTakeFirstOrThrow();
	return verifyPassword(password, user.password_hash);
}

for (const backend of backends()) {
	describe(`the demo (${backend.name})`, () => {
		afterAll(() => backend.cleanup());

		it('makes two neighbourhoods, an organizer of the first and tasks a following phone gets', async () => {
			const database = await backend.open();
			const made = await runDemo(database, 'zh-Hant');
			expect(made.neighbourhoods.map((h) => h.name)).toEqual(['華富邨（示範）', '田灣村（示範）']);
			for (const hood of made.neighbourhoods)
				expect((await neighbourhoodByCode(database.db, hood.joinCode))?.id).toBe(hood.id);
			expect(made.tasks).toBe(4);
			// Exactly two: the empty default neighbourhood of a new database became the first.
			expect(await database.db.selectFrom('neighbourhoods').select('id').execute()).toHaveLength(2);
			const organizer = made.organizer!;
			expect(await verifyUserPassword(database, organizer.email, organizer.password)).toBe(true);
			const managed = await database.db
				.selectFrom('neighbourhood_organizers')
				.select('neighbourhood_id')
				.where('user_id', '=', organizer.id)
				.execute();
			expect(managed).toEqual([{ neighbourhood_id: made.neighbourhoods[0]!.id }]);

			// A phone joining the first neighbourhood gets its three tasks, in the chosen language.
			const phone = await Phone.register(database, registry);
			await follow(database, phone.clientId, made.neighbourhoods[0]!.id);
			const pulled = await phone.pull();
			const titles = [...pulled.entries()]
				.filter(([key]) => key.startsWith('task/'))
				.map(([, data]) => (data as { title: string }).title)
				.sort();
			expect(titles).toEqual(
				['協助居民安裝鄰里應用程式', '檢查社區會堂的應急包', '為長者鄰居送熱飯'].sort()
			);
			// …and its announcements, one of them urgent, and its contacts directory.
			const announcements = [...pulled.entries()].filter(([key]) =>
				key.startsWith('announcement/')
			);
			expect(announcements).toHaveLength(made.announcements);
			expect(
				announcements.filter(([, data]) => (data as { kind: string }).kind === 'urgent')
			).toHaveLength(1);
			expect([...pulled.keys()].filter((key) => key.startsWith('contact/'))).toHaveLength(
				made.contacts
			);
			expect(made.contacts).toBeGreaterThanOrEqual(5);

			// …and its events.
			expect(made.events).toBe(2);
			expect([...pulled.keys()].filter((key) => key.startsWith('event/'))).toHaveLength(2);

			// The demo is here: it does not run twice.
			await expect(runDemo(database, 'en')).rejects.toEqual(new DemoRefused('hasDemo'));
		});

		it('refuses to run twice', async () => {
			const database = await backend.open();
			await runDemo(database, 'en');
			await expect(runDemo(database, 'en')).rejects.toEqual(new DemoRefused('hasDemo'));
		});
	});
}

describe('npx linli demo', () => {
	let cli: { cli: string; remove: () => Promise<void> };
	const dir = mkdtempSync(join(tmpdir(), 'linli-demo-'));
	beforeAll(async () => {
		cli = await bundleCli();
	});
	afterAll(async () => {
		await cli.remove();
		rmSync(dir, { recursive: true, force: true });
	});
	const run = (lang: string, dataDir = dir) =>
		runCli(cli.cli, ['demo', '--lang', lang, '--url', 'https://linli.example.org/'], {
			env: { DATA_DIR: dataDir, DATABASE_URL: '' }
		});

	it('fills an empty SQLite database and prints the sign-in and join links in the language asked', () => {
		const result = run('zh-Hans');
		expect(result.status, result.stderr).toBe(0);
		expect(result.stdout).toContain('组织者登录：https://linli.example.org/staff/sign-in');
		expect(result.stdout).toMatch(/密码：demo-\S{12}/);
		expect(result.stdout).toMatch(
			/华富邨（示范）: https:\/\/linli\.example\.org\/n\/[A-HJ-NP-Z2-9]{8}\n/
		);
		expect(result.stdout).toMatch(
			/田湾村（示范）: https:\/\/linli\.example\.org\/n\/[A-HJ-NP-Z2-9]{8}\n/
		);
	});

	it('refuses a database that already holds the demo, and says so', () => {
		const result = run('en');
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('The demo is in this database already');
	});

	it('refuses a database with residents, and changes nothing', async () => {
		const populated = mkdtempSync(join(tmpdir(), 'linli-demo-'));
		try {
			const database = await openDatabase({ sqlitePath: join(populated, 'linli.sqlite') });
			await migrate(database);
			await registerDevice(database.db, {
				schemaVersion: 1,
				clientId: randomUUID(),
				secret: 'y'.repeat(43)
			});
			const before = await database.db.selectFrom('neighbourhoods').select('id').execute();
			await database.close();
			const result = run('zh-Hant', populated);
			expect(result.status).toBe(1);
			expect(result.stderr).toContain('這個資料庫已有居民資料');
			const reopened = await openDatabase({ sqlitePath: join(populated, 'linli.sqlite') });
			expect(await reopened.db.selectFrom('neighbourhoods').select('id').execute()).toEqual(before);
			await reopened.close();
		} finally {
			rmSync(populated, { recursive: true, force: true });
		}
	});
});
