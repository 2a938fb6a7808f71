/**
 * Server administration from the command line: the first admin (there is no other way to make
 * one), and lifting a sign-in lock when nobody else can.
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../lib/server/config';
import { openDatabase } from '../lib/server/db/connect';
import { migrate } from '../lib/server/db/migrate';
import { AccountError, createUser, findUserByEmail, unlockUser } from '../lib/server/auth/users';
import { MIN_PASSWORD_LENGTH } from '../lib/server/auth/passwords';
import { UsageError } from './pack';

const PASSWORD_MESSAGES: Record<string, string> = {
	password_too_short: `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
	password_too_long: 'The password is too long (200 characters at most).',
	password_too_common: 'That password is too common or too easy to guess: choose another.',
	email_invalid: 'That is not an e-mail address.',
	email_taken: 'An account with that e-mail address exists already.'
};

/** Reads a password: hidden at a terminal (asked twice), else the first line of stdin. */
async function readPassword(fromStdin: boolean): Promise<string> {
	if (fromStdin || !process.stdin.isTTY) {
		const chunks: Buffer[] = [];
		for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
		return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
	}
	const ask = (prompt: string) =>
		new Promise<string>((resolve) => {
			const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
			const output = rl as unknown as {
				_writeToOutput: (s: string) => void;
				output: NodeJS.WriteStream;
			};
			output._writeToOutput = (text: string) => {
				if (text.includes(prompt)) output.output.write(prompt);
			};
			rl.question(prompt, (answer) => {
				rl.close();
				process.stdout.write('\n');
				resolve(answer);
			});
		});
	const first = await ask('Password: ');
	const second = await ask('Password again: ');
	if (first !== second) throw new UsageError('The two passwords differ.');
	return first;
}

export async function adminCommand(
	command: string | undefined,
	values: Record<string, unknown>
): Promise<number> {
	const email = typeof values.email === 'string' ? values.email : undefined;
	if (!email || (command !== 'create' && command !== 'unlock')) {
		throw new UsageError(
			'usage: linli admin create --email <email> [--name <name>] [--password-stdin]\n       linli admin unlock --email <email>'
		);
	}
	const config = loadConfig();
	const database = await openDatabase(config);
	try {
		await migrate(database);
		if (command === 'unlock') {
			const user = await findUserByEmail(database.db, email);
			if (!user) {
				console.error(`No account with the e-mail address ${email}.`);
				return 1;
			}
			await unlockUser(database.db, user.id);
			console.log(`Unlocked ${user.email}: they can sign in again now.`);
			return 0;
		}
		const password = await readPassword(values['password-stdin'] === true);
		try {
			await createUser(database.db, {
				email,
				name: typeof values.name === 'string' ? values.name : '',
				password,
				roles: ['admin']
			});
		} catch (error) {
			if (error instanceof AccountError) {
				console.error(PASSWORD_MESSAGES[error.code] ?? error.code);
				return 1;
			}
			throw error;
		}
		console.log(
			`Created the administrator ${email.trim().toLowerCase()} (${config.databaseUrl ? 'PostgreSQL' : config.sqlitePath}).`
		);
		return 0;
	} finally {
		await database.close();
	}
}
