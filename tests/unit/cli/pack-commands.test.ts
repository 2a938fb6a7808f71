import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeZip } from '../../../src/lib/packfile/zip-write';
import { publicKeyFromPem } from '../../../src/lib/shared/crypto/index';
import { FIXTURES } from '../pack-fixtures';
import { entriesOf, json, parse, utf8 } from '../packfile/craft';
import { bundleCli, runCli, runCliAsync } from './run-cli';

// Each test spawns the command several times; a shared, busy machine can take a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let cli = '';
let removeCli = async () => {};
let work = '';
const run = (...args: string[]) => runCli(cli, args, { cwd: work });
const at = (name: string) => join(work, name);

beforeAll(async () => {
	({ cli, remove: removeCli } = await bundleCli());
	work = await mkdtemp(join(tmpdir(), 'linli-cli-work-'));
});
afterAll(async () => {
	await rm(work, { recursive: true, force: true });
	await removeCli();
});

const MESSAGES = {
	en: {
		checked: '0 error(s), 0 warning(s)',
		unsigned: 'Signature: none',
		holds: 'Signature: holds'
	},
	'zh-Hant': { checked: '0 個錯誤，0 個警告', unsigned: '簽章：沒有', holds: '簽章：成立' },
	'zh-Hans': { checked: '0 个错误，0 个警告', unsigned: '签名：无', holds: '签名：有效' }
} as const;

describe('init → check → build → sign → verify', () => {
	for (const lang of ['en', 'zh-Hant', 'zh-Hans'] as const) {
		it(`works end to end for a ${lang} pack, with messages in ${lang}`, () => {
			const dir = `starter-${lang}`;
			const init = run('pack', 'init', dir, '--languages', lang, '--lang', lang);
			expect(init.status, init.stderr).toBe(0);
			expect(existsSync(at(`${dir}/01-start-here.${lang}.md`))).toBe(true);

			const check = run('pack', 'check', dir, '--lang', lang);
			expect(check.status, check.stdout).toBe(0);
			expect(check.stdout).toContain(MESSAGES[lang].checked);

			const file = `${dir}.linlipack`;
			expect(run('pack', 'build', dir, '-o', file, '--lang', lang).status).toBe(0);
			const unsigned = run('pack', 'verify', file, '--lang', lang);
			expect(unsigned.status).toBe(3);
			expect(unsigned.stdout).toContain(MESSAGES[lang].unsigned);

			const key = `key-${lang}.pem`;
			expect(run('key', 'create', '-o', key, '--lang', lang).status).toBe(0);
			const sign = run('pack', 'sign', file, '--key', key, '--lang', lang);
			expect(sign.status, sign.stdout + sign.stderr).toBe(0);

			const verify = run('pack', 'verify', file, '--lang', lang);
			expect(verify.status, verify.stdout).toBe(0);
			expect(verify.stdout).toContain(MESSAGES[lang].holds);
			expect(verify.stdout).toContain('start-here');
		});
	}

	it('starts a pack in all three languages by default, with a quiz and a checklist in each', async () => {
		expect(run('pack', 'init', 'My Pack', '--publisher', 'Hong Kong Red Cross').status).toBe(0);
		const packJson = JSON.parse(await readFile(at('My Pack/pack.json'), 'utf8'));
		expect(packJson).toMatchObject({
			id: 'my-pack',
			languages: ['en', 'zh-Hant', 'zh-Hans'],
			publisher: { name: 'Hong Kong Red Cross' }
		});
		for (const lang of packJson.languages) {
			const lesson = await readFile(at(`My Pack/01-start-here.${lang}.md`), 'utf8');
			expect(lesson).toContain('```quiz');
			expect(lesson).toContain('```checklist');
		}
		expect(run('pack', 'check', 'My Pack').stdout).toContain('0 error(s), 0 warning(s)');
	});

	it('refuses to init into a folder that holds files, or without a usable id', () => {
		expect(run('pack', 'init', 'My Pack').status).toBe(2);
		expect(run('pack', 'init', '課程').stderr).toContain('--id');
		expect(run('pack', 'init', 'x', '--languages', 'fr').status).toBe(2);
	});
});

describe('linli key create', () => {
	it('writes the private key readable only by its owner, never prints it, and prints the fingerprint', async () => {
		const result = run('key', 'create', '-o', 'mine.pem');
		expect(result.status).toBe(0);
		expect((await stat(at('mine.pem'))).mode & 0o777).toBe(0o600);
		const privatePem = await readFile(at('mine.pem'), 'utf8');
		const body = privatePem.split('\n')[1]!;
		expect(result.stdout).not.toContain(body);
		const publicKey = publicKeyFromPem(await readFile(at('mine.pub.pem'), 'utf8'))!;
		const fingerprint = createHash('sha256').update(publicKey).digest('hex');
		expect(result.stdout.replace(/ /g, '')).toContain(fingerprint);
		expect(result.stdout).toContain(Buffer.from(publicKey).toString('base64url'));
	});

	it('never overwrites an existing key', async () => {
		const before = await readFile(at('mine.pem'), 'utf8');
		const again = run('key', 'create', '-o', 'mine.pem');
		expect(again.status).toBe(2);
		expect(again.stderr).toContain('exists already');
		expect(await readFile(at('mine.pem'), 'utf8')).toBe(before);
	});
});

describe('linli pack build', () => {
	it('builds each pack in content/ into the same bytes every time', async () => {
		for (const pack of ['hygiene', 'first-response', 'home-preparedness']) {
			const source = join(process.cwd(), 'content', pack);
			expect(run('pack', 'build', source, '-o', `${pack}-a.linlipack`).status).toBe(0);
			expect(run('pack', 'build', source, '-o', `${pack}-b.linlipack`).status).toBe(0);
			const [a, b] = await Promise.all([
				readFile(at(`${pack}-a.linlipack`)),
				readFile(at(`${pack}-b.linlipack`))
			]);
			expect(a.equals(b), pack).toBe(true);
			expect(run('pack', 'verify', `${pack}-a.linlipack`).status).toBe(3);
		}
	});

	it('writes nothing for a pack with errors', () => {
		const result = run('pack', 'build', join(FIXTURES, 'invalid-meta'), '-o', 'invalid.linlipack');
		expect(result.status).toBe(1);
		expect(result.stdout).toContain('is not a semantic version');
		expect(existsSync(at('invalid.linlipack'))).toBe(false);
	});

	it('records the build time given, and refuses one that is not ISO 8601', async () => {
		const dir = join(FIXTURES, 'valid-trilingual');
		expect(run('pack', 'build', dir, '-o', 't.linlipack', '--created', 'yesterday').status).toBe(2);
		expect(
			run('pack', 'build', dir, '-o', 't.linlipack', '--created', '2027-03-01T09:30:00Z').status
		).toBe(0);
		const manifest = parse(
			entriesOf(await readFile(at('t.linlipack'))).find((e) => e.name === 'manifest.json')?.data
		);
		expect(manifest.created).toBe('2027-03-01T09:30:00Z');
	});

	it('signs while building with --key, giving the bytes that build then sign give', async () => {
		const dir = join(FIXTURES, 'valid-trilingual');
		expect(run('pack', 'build', dir, '-o', 'direct.linlipack', '--key', 'mine.pem').status).toBe(0);
		expect(run('pack', 'build', dir, '-o', 'later.linlipack').status).toBe(0);
		expect(run('pack', 'sign', 'later.linlipack', '--key', 'mine.pem').status).toBe(0);
		expect(
			(await readFile(at('direct.linlipack'))).equals(await readFile(at('later.linlipack')))
		).toBe(true);
	});
});

describe('linli pack verify and sign on altered files', () => {
	const rezip = async (
		from: string,
		to: string,
		change: (name: string, data: Uint8Array) => Uint8Array
	) => {
		const entries = entriesOf(await readFile(at(from))).map(({ name, data }) => ({
			name,
			data: change(name, data)
		}));
		await writeFile(at(to), writeZip(entries));
	};

	it('fails on the hash when a lesson was changed and re-zipped with the old manifest and signature', async () => {
		await rezip('direct.linlipack', 'lesson-changed.linlipack', (name, data) =>
			name === 'en.json'
				? utf8(new TextDecoder().decode(data).replace(/"v":"[^"]{8,}"/, '"v":"Ignore the alarm."'))
				: data
		);
		const result = run('pack', 'verify', 'lesson-changed.linlipack');
		expect(result.status).toBe(1);
		expect(result.stdout).toContain('en.json was changed after the pack was built');
		expect(result.stdout).toContain('refused, 1 error(s)');
	});

	it('fails on the signature when the manifest was changed after signing', async () => {
		await rezip('direct.linlipack', 'manifest-changed.linlipack', (name, data) => {
			if (name !== 'manifest.json') return data;
			const manifest = parse(data);
			(manifest.publisher as { name: string }).name = 'Someone Else';
			return json(manifest);
		});
		const result = run('pack', 'verify', 'manifest-changed.linlipack');
		expect(result.status).toBe(1);
		expect(result.stdout).toContain('Signature: does NOT hold');
		expect(result.stdout).toContain('Publisher, as the pack claims: Someone Else');
	});

	it('refuses to sign an altered file and leaves it as it was', async () => {
		const before = await readFile(at('lesson-changed.linlipack'));
		const result = run('pack', 'sign', 'lesson-changed.linlipack', '--key', 'mine.pem');
		expect(result.status).toBe(1);
		expect((await readFile(at('lesson-changed.linlipack'))).equals(before)).toBe(true);
	});

	it('refuses a key file that is not an Ed25519 private key', async () => {
		await writeFile(at('not-a-key.pem'), 'hello');
		const result = run('pack', 'sign', 'later.linlipack', '--key', 'not-a-key.pem');
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('is not an Ed25519 private key');
		expect(run('pack', 'sign', 'later.linlipack', '--key', 'mine.pub.pem').status).toBe(2);
	});
});

describe('linli pack publish', () => {
	let server: Server;
	let url = '';
	let answer: { status: number; body: unknown; headers?: Record<string, string> } = {
		status: 404,
		body: {}
	};
	const requests: {
		method?: string;
		url?: string;
		headers: IncomingMessage['headers'];
		body: Buffer;
	}[] = [];

	beforeAll(async () => {
		server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				requests.push({
					method: request.method,
					url: request.url,
					headers: request.headers,
					body: Buffer.concat(chunks)
				});
				response.writeHead(answer.status, {
					'content-type': 'application/json',
					...answer.headers
				});
				response.end(JSON.stringify(answer.body));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const address = server.address();
		url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	const publish = (...args: string[]) =>
		runCliAsync(cli, ['pack', 'publish', ...args], { cwd: work });

	it('sends the signed file with the token to POST /api/packs and reports the review', async () => {
		requests.length = 0;
		answer = { status: 201, body: { id: 'fixture-valid', version: '1.0.0', status: 'pending' } };
		const result = await publish('direct.linlipack', '--server', url, '--token', 'secret-token');
		expect(result.status, result.stderr).toBe(0);
		expect(result.stdout).toContain("waits for an administrator's review");
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/packs' });
		expect(requests[0]?.headers.authorization).toBe('Bearer secret-token');
		expect(requests[0]?.headers['content-type']).toBe('application/vnd.linli.pack+zip');
		expect(requests[0]?.body.equals(await readFile(at('direct.linlipack')))).toBe(true);
		expect(result.stdout + result.stderr).not.toContain('secret-token');
	});

	it('takes the token from LINLI_PUBLISH_TOKEN', async () => {
		requests.length = 0;
		const result = await runCliAsync(
			cli,
			['pack', 'publish', 'direct.linlipack', '--server', url],
			{
				cwd: work,
				env: { LINLI_PUBLISH_TOKEN: 'from-env' }
			}
		);
		expect(result.status).toBe(0);
		expect(requests[0]?.headers.authorization).toBe('Bearer from-env');
	});

	it('says clearly when the server does not support publishing (404)', async () => {
		answer = { status: 404, body: { error: 'not_found', message: 'No such API endpoint' } };
		const result = await publish('direct.linlipack', '--server', url, '--token', 't');
		expect(result.status).toBe(4);
		expect(result.stderr).toContain('does not take packs: it answered 404 to POST /api/packs');
	});

	it('says so when the token is refused (401)', async () => {
		answer = { status: 401, body: { error: 'unauthorized', message: 'Bad token' } };
		const result = await publish(
			'direct.linlipack',
			'--server',
			url,
			'--token',
			't',
			'--lang',
			'zh-Hant'
		);
		expect(result.status).toBe(5);
		expect(result.stderr).toContain('伺服器不接受這個權杖');
	});

	it("prints the server's problems in the reader's language when it refuses the pack (422)", async () => {
		answer = {
			status: 422,
			body: {
				error: 'invalid_pack',
				message: 'The pack was refused.',
				problems: [
					{
						severity: 'error',
						code: 'packfile.signature.invalid',
						file: 'x.linlipack',
						line: 1,
						column: 1,
						params: { fingerprint: 'abcd' }
					}
				]
			}
		};
		const result = await publish(
			'direct.linlipack',
			'--server',
			url,
			'--token',
			't',
			'--lang',
			'zh-Hans'
		);
		expect(result.status).toBe(1);
		expect(result.stdout).toContain('密钥 abcd 的签名无效');
		expect(result.stderr).toContain('服务器拒绝了这个课程包（422）');
	});

	it('does not upload an unsigned or altered file', async () => {
		requests.length = 0;
		const unsigned = await publish('t.linlipack', '--server', url, '--token', 't');
		expect(unsigned.status).toBe(1);
		expect(unsigned.stdout).toContain('Only signed packs can be published');
		const altered = await publish('lesson-changed.linlipack', '--server', url, '--token', 't');
		expect(altered.status).toBe(1);
		expect(requests).toHaveLength(0);
	});

	it('refuses to send a token over plain http to another computer, and reports an unreachable server', async () => {
		const plain = await publish(
			'direct.linlipack',
			'--server',
			'http://example.org',
			'--token',
			't'
		);
		expect(plain.status).toBe(2);
		const closed = await publish(
			'direct.linlipack',
			'--server',
			'http://127.0.0.1:9',
			'--token',
			't'
		);
		expect(closed.status).toBe(4);
		expect(closed.stderr).toContain('Could not reach');
	});
});

describe('help and usage', () => {
	it('has --help for every command, in every language', () => {
		for (const command of [
			['pack', 'init'],
			['pack', 'check'],
			['pack', 'build'],
			['pack', 'sign'],
			['pack', 'verify'],
			['pack', 'publish'],
			['key', 'create']
		]) {
			const help = run(...command, '--help');
			expect(help.status).toBe(0);
			expect(help.stdout).toContain(`linli ${command.join(' ')}`);
			expect(help.stdout).toContain('Exit codes');
			expect(run(...command, '--help', '--lang', 'zh-Hant').stdout).toContain('結束代碼');
			expect(run(...command, '--help', '--lang', 'zh-Hans').stdout).toContain('退出码');
		}
	});

	it('answers wrong usage with exit code 2 and a message', () => {
		expect(run('pack', 'sign', 'direct.linlipack').stderr).toContain('--key');
		expect(run('pack', 'sign', 'direct.linlipack').status).toBe(2);
		expect(run('pack', 'verify', 'no-such.linlipack').status).toBe(2);
		expect(run('pack', 'verify').status).toBe(2);
		expect(run('pack', 'publish', 'direct.linlipack').stderr).toContain('--server');
		expect(run('pack', 'build').status).toBe(2);
		const nowhere = run(
			'pack',
			'build',
			join(FIXTURES, 'one-language'),
			'-o',
			'no/such/dir/x.linlipack'
		);
		expect(nowhere.status).toBe(2);
		expect(nowhere.stderr).toContain('no such folder');
	});
});
