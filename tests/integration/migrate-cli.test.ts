/** `linli db migrate`: the middle step of an upgrade (stop, migrate, start). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'linli-migrate-'));
const run = () =>
	spawnSync('node', ['src/cli/linli.js', 'db', 'migrate'], {
		env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
		encoding: 'utf8'
	});

describe('linli db migrate', () => {
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('applies every migration once, then says the database is up to date', () => {
		const first = run();
		expect(first.status, first.stderr).toBe(0);
		expect(first.stdout).toMatch(/^Applied 0001-core, .*0005-shared-state/);
		const second = run();
		expect(second.status).toBe(0);
		expect(second.stdout).toMatch(/^The database is up to date/);
	});
});
