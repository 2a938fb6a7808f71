/**
 * linli: the command line for people who publish lessons and run a Linli server.
 * Built into dist/cli.js by `npm install` (src/node/build-cli.js), so it runs as plain JavaScript.
 */
import { parseArgs } from 'node:util';
import { cliLanguage } from './messages';
import { packBuild, packCheck, UsageError } from './pack';

const HELP = `linli — Linli's command line

  linli pack check <dir>...          check lesson packs (a pack folder, or a folder of packs)
        --draft                      a first draft: tags, audience, sources and changelog
                                     may wait (warnings, not errors)
  linli pack build [content] [--out static/packs]
                                     check and compile every pack for the app
  linli admin create --email <e>     create an administrator (password from the prompt or stdin)
  linli admin unlock --email <e>     lift a sign-in lock
  linli help                         this text

Options: --lang en|zh-Hant|zh-Hans  language of messages (default: from LANG)`;

export async function main(argv: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		strict: true,
		options: {
			lang: { type: 'string' },
			out: { type: 'string' },
			email: { type: 'string' },
			name: { type: 'string' },
			'password-stdin': { type: 'boolean' },
			draft: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' }
		}
	});
	const lang = cliLanguage(values.lang);
	const [group, command, ...rest] = positionals;
	if (values.help || !group || group === 'help') {
		console.log(HELP);
		return 0;
	}
	if (group === 'pack' && command === 'check')
		return packCheck(rest, lang, { draft: values.draft === true });
	if (group === 'pack' && command === 'build') {
		return packBuild(rest[0] ?? 'content', values.out ?? 'static/packs', lang);
	}
	if (group === 'admin') {
		const { adminCommand } = await import('./admin');
		return adminCommand(command, values);
	}
	throw new UsageError(`unknown command: ${positionals.join(' ')}\n\n${HELP}`);
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
			process.exitCode = 2;
		} else {
			console.error(error);
			process.exitCode = 1;
		}
	}
);
