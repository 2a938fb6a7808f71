import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../../src/lib/i18n/locales/en/packcheck.json';
import zhHant from '../../../src/lib/i18n/locales/zh-Hant/packcheck.json';
import zhHans from '../../../src/lib/i18n/locales/zh-Hans/packcheck.json';
import { describeProblem } from '../../../src/lib/content/problems';
import { openPackFile, type OpenedPackFile } from '../../../src/lib/packfile/open';
import { join } from 'node:path';
import { compileDirs } from '../../../src/lib/content/node/check-content';
import { buildPackFile, signPackFile } from '../../../src/lib/packfile/build';
import { writeZip } from '../../../src/lib/packfile/zip-write';
import {
	fingerprint,
	generateKeyPair,
	useEd25519Backend,
	type Ed25519KeyPair
} from '../../../src/lib/shared/crypto/index';
import {
	entriesOf,
	fixturePackFile,
	json,
	parse,
	rawZip,
	rebuild,
	utf8,
	type RawEntry
} from './craft';

let key: Ed25519KeyPair;
let signed: Uint8Array;
let unsigned: Uint8Array;
const seenCodes = new Set<string>();

beforeAll(async () => {
	key = await generateKeyPair();
	unsigned = await fixturePackFile();
	signed = await fixturePackFile(key.privateKey);
});

const errorCodes = (opened: OpenedPackFile) => {
	const codes = opened.problems.filter((p) => p.severity === 'error').map((p) => p.code);
	codes.forEach((code) => seenCodes.add(code));
	return codes;
};

/** Opens the file and expects it refused with exactly these error codes. */
async function expectRefused(bytes: Uint8Array, codes: string[]) {
	const opened = await openPackFile(bytes, { label: 'crafted.linlipack' });
	expect(opened.ok).toBe(false);
	expect(opened.pack).toBeUndefined();
	expect(opened.files).toBeUndefined();
	expect([...new Set(errorCodes(opened))].sort()).toEqual([...codes].sort());
	return opened;
}

/** The signed fixture's entries, to re-zip with one thing changed. */
const signedEntries = () => entriesOf(signed).map((e): RawEntry => ({ ...e }));

describe('opening a valid pack file', () => {
	it('reads an unsigned file: content checked, lessons returned, signature reported as absent', async () => {
		const opened = await openPackFile(unsigned);
		expect(opened.problems.filter((p) => p.severity === 'error')).toEqual([]);
		expect(opened.ok).toBe(true);
		expect(opened.signature).toEqual({ status: 'unsigned' });
		expect(opened.pack?.meta.id).toBe('fixture-valid');
		expect(opened.pack?.languages.map((l) => l.lang)).toEqual(['en', 'zh-Hant', 'zh-Hans']);
		expect(opened.manifest?.lessons).toEqual(opened.pack?.meta.lessons.map((l) => l.id));
		expect([...(opened.pack?.assets.keys() ?? [])]).toEqual(['assets/bag.svg']);
	});

	it('reports a signature that holds, with the fingerprint of the key that made it', async () => {
		const opened = await openPackFile(signed);
		expect(opened.ok).toBe(true);
		expect(opened.signature).toMatchObject({
			status: 'valid',
			fingerprint: await fingerprint(key.publicKey)
		});
	});

	it('verifies the same signatures with the noble fallback as with WebCrypto', async () => {
		useEd25519Backend('noble');
		try {
			expect((await openPackFile(signed)).signature.status).toBe('valid');
			const tampered = await rebuild(signed, {}); // manifest rewritten, old signature dropped
			expect((await openPackFile(tampered)).signature.status).toBe('unsigned');
		} finally {
			useEd25519Backend(undefined);
		}
	});

	it('refuses an unsigned file when a signature is required', async () => {
		const opened = await openPackFile(unsigned, { requireSignature: true });
		expect(opened.ok).toBe(false);
		expect(errorCodes(opened)).toEqual(['packfile.signature.missing']);
	});
});

describe('tampering', () => {
	it('catches a lesson changed and re-zipped with the old manifest and signature: the hash fails', async () => {
		const entries = signedEntries().map((entry) => {
			if (entry.name !== 'en.json') return entry;
			const text = new TextDecoder().decode(entry.data);
			const changed = text.replace(/"v":"[^"]{8,}"/, '"v":"Drink water from the river."');
			expect(changed).not.toBe(text);
			return { ...entry, data: utf8(changed) };
		});
		const opened = await expectRefused(
			writeZip(entries.map(({ name, data }) => ({ name, data }))),
			['packfile.hash.mismatch']
		);
		// The signature itself still holds: it is the hash that exposes the change.
		expect(opened.signature.status).toBe('valid');
		expect(opened.problems[0]?.params.name).toBe('en.json');
	});

	it('catches a manifest changed after signing: the signature fails', async () => {
		const entries = signedEntries().map((entry) => {
			if (entry.name !== 'manifest.json') return entry;
			const manifest = parse(entry.data);
			manifest.created = '2030-01-01T00:00:00Z';
			return { ...entry, data: json(manifest) };
		});
		const opened = await expectRefused(
			writeZip(entries.map(({ name, data }) => ({ name, data }))),
			['packfile.signature.invalid']
		);
		expect(opened.signature).toMatchObject({
			status: 'invalid',
			fingerprint: await fingerprint(key.publicKey)
		});
	});

	it('catches a signature.json whose fingerprint is not its key', async () => {
		const other = await generateKeyPair();
		const entries = signedEntries().map((entry) => {
			if (entry.name !== 'signature.json') return entry;
			const signature = parse(entry.data);
			return {
				...entry,
				data: json({ ...signature, publicKey: Buffer.from(other.publicKey).toString('base64url') })
			};
		});
		await expectRefused(rawZip(entries), ['packfile.signature.malformed']);
	});

	it('refuses to sign a file that fails verification, and re-signs a valid one with the new key', async () => {
		const tampered = writeZip(
			signedEntries().map((entry) =>
				entry.name === 'zh-Hant.json'
					? {
							name: entry.name,
							data: utf8(new TextDecoder().decode(entry.data).replace('"minutes":', '"minutes": '))
						}
					: { name: entry.name, data: entry.data }
			)
		);
		const refused = await signPackFile(tampered, key.privateKey);
		expect(refused.bytes).toBeUndefined();
		expect(refused.opened.problems.map((p) => p.code)).toContain('packfile.hash.mismatch');

		const newKey = await generateKeyPair();
		const resigned = await signPackFile(signed, newKey.privateKey);
		expect(resigned.replaced).toBe(await fingerprint(key.publicKey));
		const opened = await openPackFile(resigned.bytes!);
		expect(opened.signature).toMatchObject({
			status: 'valid',
			fingerprint: await fingerprint(newKey.publicKey)
		});
	});
});

describe('hostile and broken archives, each refused with its own problem', () => {
	it('refuses bytes that are not a ZIP file, and a ZIP file cut short', async () => {
		await expectRefused(utf8('this is not a zip file at all, just text'), [
			'packfile.archive.corrupt'
		]);
		await expectRefused(signed.subarray(0, signed.length - 30), ['packfile.archive.corrupt']);
		await expectRefused(new Uint8Array(0), ['packfile.archive.corrupt']);
	});

	it('refuses a deflate stream that is damaged', async () => {
		const entries = signedEntries();
		const bytes = rawZip(entries);
		// Overwrite the middle of en.json's compressed data with junk.
		const at = Buffer.from(bytes).indexOf(Buffer.from('en.json')) + 200;
		bytes.fill(0xff, at, at + 64);
		const opened = await openPackFile(bytes);
		expect(opened.ok).toBe(false);
		// Junk inflates to garbage of some length: too long, too short or wrong, never accepted.
		const codes = errorCodes(opened);
		expect(codes).toHaveLength(1);
		expect([
			'packfile.archive.corrupt',
			'packfile.entry.overflow',
			'packfile.hash.mismatch'
		]).toContain(codes[0]);
	});

	it('refuses a zip bomb from its declared size, before inflating anything', async () => {
		// The data is junk: had the reader inflated it, it would have reported a corrupt archive.
		const bomb = {
			name: 'en.json',
			data: utf8('not deflate data'),
			method: 8,
			declaredSize: 200 * 1024 * 1024
		};
		const entries = signedEntries().map((entry) => (entry.name === 'en.json' ? bomb : entry));
		await expectRefused(rawZip(entries), ['packfile.entry.tooLarge']);
	});

	it('refuses entries that together expand beyond the limit', async () => {
		// Each under the per-entry limit, 75 MB together; the data is junk, never inflated.
		const entries = ['a', 'b', 'c', 'd', 'e'].map((letter) => ({
			name: `assets/${letter}.png`,
			data: utf8('junk'),
			declaredSize: 15 * 1024 * 1024
		}));
		await expectRefused(rawZip(entries), ['packfile.archive.expanded']);
	});

	it('stops inflating an entry that expands beyond the size it declares', async () => {
		// It declares the size the manifest lists, so it is read; its stream holds 2 MB.
		const big = utf8('x'.repeat(2_000_000));
		const entries = signedEntries().map((entry) =>
			entry.name === 'en.json' ? { ...entry, data: big, declaredSize: entry.data.length } : entry
		);
		await expectRefused(rawZip(entries), ['packfile.entry.overflow']);
	});

	it('refuses more entries than the limit, before reading them', async () => {
		const entries = Array.from({ length: 2003 }, (_, i) => ({
			name: `assets/p${i}.svg`,
			data: utf8('<svg/>'),
			method: 0
		}));
		await expectRefused(rawZip(entries), ['packfile.archive.entries']);
	});

	it('refuses path traversal', async () => {
		await expectRefused(rawZip([...signedEntries(), { name: '../evil.json', data: utf8('{}') }]), [
			'packfile.entry.traversal'
		]);
		await expectRefused(
			rawZip([...signedEntries(), { name: 'assets/../../x.svg', data: utf8('<svg/>') }]),
			['packfile.entry.traversal']
		);
	});

	it('refuses absolute entry names', async () => {
		await expectRefused(
			rawZip([...signedEntries(), { name: '/etc/cron.d/evil', data: utf8('x') }]),
			['packfile.entry.absolute']
		);
		await expectRefused(rawZip([...signedEntries(), { name: 'C:/evil.json', data: utf8('x') }]), [
			'packfile.entry.absolute'
		]);
	});

	it('refuses backslashes in entry names', async () => {
		await expectRefused(
			rawZip([...signedEntries(), { name: 'assets\\evil.svg', data: utf8('<svg/>') }]),
			['packfile.entry.backslash']
		);
	});

	it('refuses names outside the format, and legacy-encoded names', async () => {
		await expectRefused(rawZip([...signedEntries(), { name: 'run.sh', data: utf8('rm -rf /') }]), [
			'packfile.entry.name'
		]);
		await expectRefused(
			rawZip([
				...signedEntries(),
				{ name: 'assets/caf\u00e9.svg', data: utf8('<svg/>'), flags: 0 }
			]),
			['packfile.entry.name']
		);
	});

	it('refuses duplicate entries, also when they differ only in case', async () => {
		const entries = signedEntries();
		const en = entries.find((e) => e.name === 'en.json')!;
		await expectRefused(rawZip([...entries, { ...en, data: utf8('{"evil":true}') }]), [
			'packfile.entry.duplicate'
		]);
		await expectRefused(rawZip([...entries, { name: 'assets/BAG.svg', data: utf8('<svg/>') }]), [
			'packfile.entry.duplicate'
		]);
	});

	it('refuses encryption and unknown compression methods', async () => {
		const entries = signedEntries();
		await expectRefused(rawZip(entries.map((e, i) => (i === 2 ? { ...e, flags: 0x0801 } : e))), [
			'packfile.archive.unsupported'
		]);
		await expectRefused(rawZip(entries.map((e, i) => (i === 2 ? { ...e, method: 12 } : e))), [
			'packfile.archive.unsupported'
		]);
	});

	it('refuses a file without manifest', async () => {
		await expectRefused(rawZip(signedEntries().filter((e) => e.name !== 'manifest.json')), [
			'packfile.manifest.missing'
		]);
	});

	it('refuses a file missing an entry its manifest lists', async () => {
		await expectRefused(rawZip(signedEntries().filter((e) => e.name !== 'zh-Hans.json')), [
			'packfile.manifest.absent'
		]);
	});

	it('refuses a file holding an entry its manifest does not list', async () => {
		await expectRefused(
			rawZip([...signedEntries(), { name: 'assets/extra.svg', data: utf8('<svg/>') }]),
			['packfile.manifest.unlisted']
		);
	});

	it('refuses an unknown schemaVersion and an unknown format version, even when signed', async () => {
		const schema = await rebuild(signed, { key, manifest: (m) => void (m.schemaVersion = 2) });
		const opened = await expectRefused(schema, ['packfile.schemaVersion']);
		expect(opened.problems[0]?.params).toMatchObject({ found: '2', supported: 1 });
		const format = await rebuild(signed, { key, manifest: (m) => void (m.formatVersion = 9) });
		await expectRefused(format, ['packfile.formatVersion']);
	});

	it('refuses a manifest that does not describe the content', async () => {
		const bytes = await rebuild(signed, { key, manifest: (m) => void (m.version = '9.9.9') });
		await expectRefused(bytes, ['packfile.manifest.mismatch']);
	});
});

describe('the content check on compiled packs (the rules of linli pack check)', () => {
	const editJson =
		(name: string, edit: (data: Record<string, unknown>) => void) =>
		(files: Map<string, Uint8Array>) => {
			const data = parse(files.get(name));
			edit(data);
			files.set(name, utf8(JSON.stringify(data)));
		};
	type Lessons = { id: string; blocks: Record<string, unknown>[] }[];
	const firstQuiz = (data: Record<string, unknown>) =>
		(data.lessons as Lessons)[0]!.blocks.find((b) => b.t === 'quiz') as {
			questions: { type: string; options: { correct: boolean }[] }[];
		};

	it('refuses an SVG with script', async () => {
		const bytes = await rebuild(signed, {
			key,
			files: (files) =>
				files.set(
					'assets/bag.svg',
					utf8('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
				)
		});
		const opened = await expectRefused(bytes, ['asset.svg.script']);
		expect(opened.signature.status).toBe('valid'); // signed by its author, and still refused
	});

	it('refuses a quiz question with no right answer', async () => {
		const bytes = await rebuild(signed, {
			key,
			files: editJson('zh-Hant.json', (data) => {
				const question = firstQuiz(data).questions.find((q) => q.type === 'single')!;
				for (const option of question.options) option.correct = false;
			})
		});
		const codes = errorCodes(await openPackFile(bytes));
		expect(codes).toContain('quiz.question.noCorrect');
	});

	it('refuses a translation that marks a different answer correct', async () => {
		const bytes = await rebuild(signed, {
			key,
			files: editJson('zh-Hans.json', (data) => {
				const question = firstQuiz(data).questions.find((q) => q.type === 'single')!;
				const right = question.options.findIndex((o) => o.correct);
				question.options.forEach(
					(o, i) => (o.correct = i === (right + 1) % question.options.length)
				);
			})
		});
		await expectRefused(bytes, ['consistency.answers']);
	});

	it('refuses a javascript: link and an unknown node type', async () => {
		const bytes = await rebuild(signed, {
			key,
			files: editJson('en.json', (data) => {
				const blocks = (data.lessons as Lessons)[0]!.blocks;
				blocks.push({
					t: 'p',
					c: [{ t: 'link', href: 'javascript:alert(1)', c: [{ t: 'text', v: 'x' }] }]
				});
				blocks.push({ t: 'html', v: '<script>alert(1)</script>' });
			})
		});
		const codes = errorCodes(await openPackFile(bytes));
		expect(codes).toContain('link.scheme');
		expect(codes).toContain('compiled.field.type');
	});

	it('refuses an invalid pack.json field in meta.json', async () => {
		const bytes = await rebuild(signed, {
			key,
			files: editJson('meta.json', (data) => void (data.license = 'not a licence')),
			manifest: () => undefined
		});
		await expectRefused(bytes, ['pack.license.spdx']);
	});

	it('refuses a lesson list in meta.json that differs from the lessons', async () => {
		const bytes = await rebuild(signed, {
			key,
			files: editJson('meta.json', (data) => {
				const lessons = data.lessons as { title: Record<string, string> }[];
				lessons[0]!.title.en = 'Something else';
			})
		});
		await expectRefused(bytes, ['packfile.meta.lessons']);
	});

	it('refuses JSON nested deeper than any lesson needs, without overflowing the stack', async () => {
		const deep = '['.repeat(100_000) + ']'.repeat(100_000);
		const bytes = await rebuild(signed, {
			key,
			files: (files) => files.set('en.json', utf8(`{"lessons":${deep}}`))
		});
		await expectRefused(bytes, ['packfile.content.depth']);
	});

	it('does not trust the search text: it is recomputed from the blocks', async () => {
		const bytes = await rebuild(signed, {
			key,
			files: editJson('en.json', (data) => {
				for (const lesson of data.lessons as { text: string }[])
					lesson.text = 'casino casino casino';
			})
		});
		const opened = await openPackFile(bytes);
		expect(opened.ok).toBe(true);
		expect(opened.pack?.languages[0]?.lessons[0]?.text).not.toContain('casino');
		expect(opened.pack?.languages[0]?.lessons[0]?.text.length).toBeGreaterThan(50);
	});
});

describe('the packs in content/', () => {
	const canonical = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(canonical);
		if (value && typeof value === 'object') {
			return Object.fromEntries(
				Object.keys(value)
					.sort()
					.map((key) => [key, canonical((value as Record<string, unknown>)[key])])
			);
		}
		return value;
	};

	it('come out of their pack files exactly as the build compiled them', async () => {
		for (const name of ['hygiene', 'first-response', 'home-preparedness']) {
			const [pack] = await compileDirs([join(process.cwd(), 'content', name)]);
			const bytes = await buildPackFile(pack!, { privateKey: key.privateKey });
			const opened = await openPackFile(bytes, { label: `${name}.linlipack` });
			expect(opened.problems, name).toEqual([]);
			expect(opened.signature.status).toBe('valid');
			expect(canonical(opened.pack?.meta)).toEqual(canonical(pack!.meta));
			expect(canonical(opened.pack?.languages)).toEqual(canonical(pack!.languages));
			expect([...(opened.pack?.assets ?? [])]).toEqual([...pack!.assets]);
		}
	});
});

describe('messages', () => {
	it('has a message in every language for every problem the reader raised above', () => {
		expect(seenCodes.size).toBeGreaterThanOrEqual(25);
		for (const code of seenCodes) {
			for (const catalog of [en, zhHant, zhHans]) {
				const { message, fix } = describeProblem(
					{ severity: 'error', code, file: 'x', line: 1, column: 1, params: {} },
					catalog
				);
				expect(message, code).not.toBe(code);
				expect(fix, code).toBeTruthy();
			}
		}
	});
});
