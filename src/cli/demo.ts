/**
 * `linli demo [--url <address>] [--lang en|zh-Hant|zh-Hans]`: fills the database named by DATA_DIR
 * or DATABASE_URL with a demo (src/lib/server/demo) and prints how to sign in and the join links.
 * Safe while the server runs: it writes as the server does, through the change log.
 */
import { loadConfig } from '../lib/server/config';
import { openDatabase } from '../lib/server/db/connect';
import { migrate } from '../lib/server/db/migrate';
import { DemoRefused, runDemo } from '../lib/server/demo/seed';
import { demoMessage } from '../lib/server/demo/text';
import type { Lang } from '../lib/i18n/languages';
import { EXIT } from './exit';

export async function demoCommand(lang: Lang, url: string | undefined): Promise<number> {
	const config = loadConfig();
	const base = (
		url ??
		process.env.ORIGIN ??
		`http://localhost:${process.env.PORT || 3000}`
	).replace(/\/+$/, '');
	const database = await openDatabase(config);
	const m = (key: Parameters<typeof demoMessage>[1], params?: Record<string, string | number>) =>
		demoMessage(lang, key, params);
	try {
		await migrate(database);
		let made;
		try {
			made = await runDemo(database, lang);
		} catch (error) {
			if (error instanceof DemoRefused) {
				console.error(m(error.reason));
				return EXIT.problems;
			}
			throw error;
		}
		const lines = [
			m('done', { where: config.databaseUrl ? 'PostgreSQL' : config.sqlitePath }),
			'',
			m('signIn', { url: `${base}/staff/sign-in` }),
			m('email', { email: made.organizer!.email }),
			m('password', { password: made.organizer!.password }),
			m('organizes', { name: made.neighbourhoods[0]!.name }),
			'',
			m('join'),
			...made.neighbourhoods.map((h) => `  ${h.name}: ${base}/n/${h.joinCode}`),
			'',
			m('tasks', { count: made.tasks }),
			m('news', {
				name: made.neighbourhoods[0]!.name,
				announcements: made.announcements,
				contacts: made.contacts
			}),
			m('events', { count: made.events }),
			m('admin')
		];
		console.log(lines.join('\n'));
		return EXIT.ok;
	} finally {
		await database.close();
	}
}
