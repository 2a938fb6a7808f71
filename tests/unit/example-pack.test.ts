import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compilePack } from '../../src/lib/content/compile-pack';
import { examplePackZip } from '../../src/lib/server/publishing/example-pack';

describe('the example pack publishers download', () => {
	it('unpacks to the authoring guide and a pack that passes the checker as it is', () => {
		const files = unzipSync(examplePackZip());
		const names = Object.keys(files);
		expect(names).toContain('linli-example-pack/GUIDE.md');
		expect(strFromU8(files['linli-example-pack/GUIDE.md']!)).toMatch(/^# Writing lesson packs/);
		const prefix = 'linli-example-pack/hygiene/';
		const pack = new Map(
			names.filter((n) => n.startsWith(prefix)).map((n) => [n.slice(prefix.length), files[n]!])
		);
		expect([...pack.keys()]).toEqual(expect.arrayContaining(['pack.json', '01-handwashing.en.md']));
		const compiled = compilePack(pack, 'hygiene');
		expect(compiled.problems.errors).toEqual([]);
		expect(compiled.meta?.id).toBe('hygiene');
	});
});
