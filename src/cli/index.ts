/**
 * linli: the command line for people who publish lessons and run a Linli server.
 * Built into dist/cli.js by `npm install` (src/node/build-cli.js), so it runs as plain JavaScript.
 */
import { parseArgs } from 'node:util';
import type { Lang } from '../lib/i18n/languages';
import { EXIT } from './exit';
import { cliLanguage, t } from './messages';
import { packBuild, packBuildFile, packCheck, UsageError } from './pack';

const HELP_TOPICS: Record<string, string> = {
	'pack init': 'init',
	'pack check': 'check',
	'pack build': 'build',
	'pack sign': 'sign',
	'pack verify': 'verify',
	'pack publish': 'publish',
	'key create': 'key'
};

const CREATED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

async function run(
	group: string | undefined,
	command: string | undefined,
	rest: string[],
	values: Record<string, string | boolean | undefined>,
	lang: Lang
): Promise<number> {
	const text = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
	if (group === 'pack' && command === 'init') {
		const { packInit } = await import('./init');
		return packInit(
			rest[0],
			{ id: text('id'), languages: text('languages'), publisher: text('publisher') },
			lang
		);
	}
	if (group === 'pack' && command === 'check')
		return packCheck(rest, lang, { draft: values.draft === true });
	if (group === 'pack' && command === 'build') {
		// --out: every pack of a content folder for the app (the build's own path).
		if (text('out') !== undefined) return packBuild(rest[0] ?? 'content', text('out')!, lang);
		if (!rest[0]) {
			throw new UsageError(
				t(lang, 'usage.needDir', {
					command: 'pack build',
					usage: 'linli pack build <dir> -o <file>.linlipack'
				})
			);
		}
		const created = text('created');
		if (created !== undefined && (!CREATED.test(created) || Number.isNaN(Date.parse(created)))) {
			throw new UsageError(t(lang, 'usage.badCreated'));
		}
		const keyPath = text('key');
		const { readPrivateKey } = await import('./key');
		const privateKey = keyPath ? await readPrivateKey(keyPath, lang) : undefined;
		return packBuildFile(
			rest[0],
			{ output: text('output'), created, ...(privateKey ? { privateKey } : {}) },
			lang
		);
	}
	if (group === 'pack' && command === 'sign') {
		const { packSign } = await import('./pack-file');
		return packSign(rest[0], text('key'), text('output'), lang);
	}
	if (group === 'pack' && command === 'verify') {
		const { packVerify } = await import('./pack-file');
		return packVerify(rest[0], lang);
	}
	if (group === 'pack' && command === 'publish') {
		const { packPublish } = await import('./publish');
		return packPublish(rest[0], { server: text('server'), token: text('token') }, lang);
	}
	if (group === 'key' && command === 'create') {
		const { keyCreate } = await import('./key');
		return keyCreate(text('output'), lang);
	}
	if (group === 'db') {
		const { dbCommand } = await import('./db');
		return dbCommand(command);
	}
	if (group === 'demo') {
		const { demoCommand } = await import('./demo');
		return demoCommand(lang, text('url'));
	}
	if (group === 'admin') {
		const { adminCommand } = await import('./admin');
		return adminCommand(command, values);
	}
	throw new UsageError(
		`${t(lang, 'usage.unknown', { command: [group, command, ...rest].filter(Boolean).join(' ') })}\n\n${t(lang, 'help.main')}`
	);
}

export async function main(argv: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		strict: true,
		options: {
			lang: { type: 'string' },
			out: { type: 'string' },
			output: { type: 'string', short: 'o' },
			key: { type: 'string' },
			created: { type: 'string' },
			id: { type: 'string' },
			languages: { type: 'string' },
			publisher: { type: 'string' },
			server: { type: 'string' },
			url: { type: 'string' },
			token: { type: 'string' },
			email: { type: 'string' },
			name: { type: 'string' },
			'password-stdin': { type: 'boolean' },
			draft: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' }
		}
	});
	const lang = cliLanguage(values.lang);
	const [group, command, ...rest] = positionals;
	if (!group || group === 'help') {
		console.log(t(lang, 'help.main'));
		return EXIT.ok;
	}
	if (values.help) {
		const topic = HELP_TOPICS[`${group} ${command}`];
		console.log(t(lang, topic ? `help.${topic}` : 'help.main'));
		return EXIT.ok;
	}
	return run(group, command, rest, values, lang);
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		if (
			error instanceof UsageError ||
			(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
		) {
			console.error((error as Error).message);
			process.exitCode = EXIT.usage;
		} else {
			console.error(error);
			process.exitCode = EXIT.problems;
		}
	}
);
