import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../src/lib/i18n/locales/en/packcheck.json';
import { compileDirs } from '../../src/lib/content/node/check-content';
import { formatProblem } from '../../src/lib/content/problems';
import type { CompiledPack } from '../../src/lib/content/compile-pack';
import { FIXTURES, fixtureCopy } from './pack-fixtures';
import { WRITE } from './write-expectations';

let root = '';
let names: string[] = [];
const compiled = new Map<string, CompiledPack>();

beforeAll(async () => {
	({ root, names } = await fixtureCopy());
	for (const name of names) {
		const [pack] = await compileDirs([join(root, name)], root);
		if (pack) compiled.set(name, pack);
	}
});
afterAll(() => rm(root, { recursive: true, force: true }));

const codes = (name: string) => compiled.get(name)?.problems.items.map((p) => p.code) ?? [];

describe('pack checker over the fixtures', () => {
	it('reports exactly the expected problems for every fixture pack', async () => {
		expect(names.length).toBeGreaterThanOrEqual(12);
		for (const name of names) {
			const pack = compiled.get(name);
			expect(pack, name).toBeDefined();
			const lines = pack!.problems.sorted().map((p) => formatProblem(p, en));
			const file = join(FIXTURES, `${name}.expected.txt`);
			if (WRITE) await writeFile(file, lines.map((l) => `${l}\n`).join(''));
			const expected = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
			expect(lines, name).toEqual(expected);
		}
	});

	it('accepts the valid packs, the one-language pack included', () => {
		expect(compiled.get('valid-trilingual')?.problems.items).toEqual([]);
		expect(compiled.get('one-language')?.problems.items).toEqual([]);
		expect(compiled.get('one-language')?.meta?.languages).toEqual(['en']);
	});

	it('covers every class of error the format promises to catch', () => {
		const all = names.flatMap(codes);
		for (const code of [
			'lesson.translation.missing',
			'quiz.question.noCorrect',
			'lesson.id.duplicate',
			'md.image.alt',
			'asset.size',
			'frontMatter.field.unknown',
			'pack.version.semver',
			'md.link.lesson',
			'pack.language.absent',
			'sources.none',
			'pack.json.syntax',
			'pack.license.spdx',
			'consistency.answers',
			'md.number.literal',
			'asset.svg.script',
			'asset.svg.event',
			'md.link.scheme',
			'text.regional.duplicate',
			'md.emphasis.punctuation',
			'md.emphasis.unclosed',
			'text.script.simplified',
			'text.script.traditional',
			'md.placeholder.same',
			'changelog.revised.lesson',
			'checklist.scale',
			'checklist.item.scale'
		]) {
			expect(all, code).toContain(code);
		}
	});

	it('locates problems at the line and column that caused them', () => {
		const oversize = compiled
			.get('invalid-assets')
			?.problems.items.find((p) => p.code === 'asset.size');
		expect(oversize).toMatchObject({ file: 'invalid-assets/assets/big.png', params: { max: 500 } });
		expect(Number(oversize?.params.kb)).toBeGreaterThan(500);
		const typo = compiled
			.get('invalid-lessons')
			?.problems.items.find((p) => p.code === 'frontMatter.field.unknown');
		expect(typo).toMatchObject({
			file: 'invalid-lessons/01-links.en.md',
			line: 7,
			column: 1,
			params: { field: 'sumary' }
		});
		const digits = compiled
			.get('invalid-lessons')
			?.problems.items.find((p) => p.code === 'md.number.literal');
		expect(digits).toMatchObject({ line: 22, column: 23, params: { number: '999' } });
	});

	it('does not mistake other numbers for emergency numbers', () => {
		const numbers = compiled
			.get('invalid-lessons')
			?.problems.items.filter((p) => p.code === 'md.number.literal')
			.map((p) => p.params.number);
		expect(numbers).toEqual(['999']); // "100 to 120 times a minute" on the same line is not a phone number
	});

	it('stops the build on wording errors, and only warns where a character may be right', () => {
		const severity = (code: string) =>
			new Set(
				names.flatMap(
					(name) =>
						compiled
							.get(name)
							?.problems.items.filter((p) => p.code === code)
							.map((p) => p.severity) ?? []
				)
			);
		for (const code of [
			'text.regional.duplicate',
			'md.emphasis.punctuation',
			'md.emphasis.unclosed',
			'md.placeholder.same',
			'changelog.revised.lesson'
		]) {
			expect([...severity(code)], code).toEqual(['error']);
		}
		expect([...severity('text.script.simplified')]).toEqual(['warning']);
		expect([...severity('text.script.traditional')]).toEqual(['warning']);
	});

	it("accepts Taiwan's variants and the characters both scripts share", () => {
		const reported = (code: string) =>
			(compiled.get('script-mix')?.problems.items ?? [])
				.filter((p) => p.code === code)
				.flatMap((p) => String(p.params.chars).split('、'));
		const hant = reported('text.script.simplified');
		const hans = reported('text.script.traditional');
		expect(hant).toContain('卧→臥');
		expect(hant).toContain('这→這');
		expect(hans).toContain('網→网');
		// 里長, 台灣/臺灣, 洗手台, 汙水/污水, 鼻樑, 看著, 家裡, 美制, 家具 in zh-Hant …
		for (const char of [...'里台臺汙污樑著裡制家具']) {
			expect(
				hant.map((hit) => hit[0]),
				char
			).not.toContain(char);
		}
		// … and 看着, 家里, 著名, 显著 in zh-Hans.
		for (const char of [...'着里著显'])
			expect(
				hans.map((hit) => hit[0]),
				char
			).not.toContain(char);
	});

	it('compiles hostile Markdown into a closed tree: no HTML, no script or remote URLs survive', () => {
		const hostile = compiled.get('hostile');
		const nodes: Record<string, unknown>[] = [];
		const walk = (value: unknown) => {
			if (Array.isArray(value)) value.forEach(walk);
			else if (value && typeof value === 'object') {
				const node = value as Record<string, unknown>;
				if (typeof node.t === 'string') nodes.push(node);
				Object.values(node).forEach(walk);
			}
		};
		walk(hostile?.languages.flatMap((l) => l.lessons.map((lesson) => lesson.blocks)));
		expect(nodes.length).toBeGreaterThan(10);
		const allowed = new Set([
			'p',
			'h',
			'list',
			'quote',
			'hr',
			'pre',
			'table',
			'callout',
			'quiz',
			'checklist',
			'numbers',
			'text',
			'strong',
			'em',
			'del',
			'code',
			'br',
			'link',
			'lesson',
			'phone',
			'img'
		]);
		for (const node of nodes) expect(allowed, String(node.t)).toContain(node.t);
		for (const link of nodes.filter((n) => n.t === 'link'))
			expect(String(link.href)).toMatch(/^(https?:|mailto:|tel:)/);
		for (const img of nodes.filter((n) => n.t === 'img'))
			expect(String(img.src)).toMatch(/^assets\/[\w.-]+$/);
		// What authors typed as text stays text; the renderer shows it escaped.
		expect(JSON.stringify(hostile?.languages)).toContain("<script>alert('title')</script>");
	});
});

describe('linli pack check (the command)', () => {
	beforeAll(() => {
		const built = spawnSync('node', ['src/node/build-cli.js'], { encoding: 'utf8' });
		expect(built.status, built.stderr).toBe(0);
	});

	const run = (...args: string[]) =>
		spawnSync('node', ['src/cli/linli.js', ...args], { encoding: 'utf8' });

	it('exits 0 for a valid pack', () => {
		const result = run('pack', 'check', join(FIXTURES, 'valid-trilingual'));
		expect(result.status).toBe(0);
		expect(result.stdout).toContain('0 error(s)');
	});

	it('exits non-zero for an invalid pack and prints every problem as file:line:column  message  (fix)', () => {
		const result = run('pack', 'check', join(FIXTURES, 'invalid-meta'));
		expect(result.status).toBe(1);
		expect(result.stdout).toMatch(
			/invalid-meta\/pack\.json:4:13 {2}"1\.0" is not a semantic version {2}\(write it as MAJOR\.MINOR\.PATCH/
		);
		expect(result.stdout.trim().split('\n').length).toBeGreaterThan(8);
	});

	it('speaks the shell language', () => {
		const result = spawnSync(
			'node',
			['src/cli/linli.js', 'pack', 'check', join(FIXTURES, 'invalid-json')],
			{
				encoding: 'utf8',
				env: { ...process.env, LANG: 'zh_TW.UTF-8', LC_ALL: '' }
			}
		);
		expect(result.status).toBe(1);
		expect(result.stdout).toContain('已檢查 1 個課程包');
	});

	it('refuses unknown commands with a usage error', () => {
		const result = run('pack', 'frobnicate');
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('unknown command');
	});
});
