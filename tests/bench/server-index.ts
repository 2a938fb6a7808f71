// npm run bench:server: the sync push under load (SQLite and PostgreSQL) and a client draining
// 10,000 queued changes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { benchDrain } from './drain';
import { benchServer } from './server';

if (!existsSync('build/.stamp') || process.argv.includes('--build')) {
	const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (built.status !== 0) process.exit(built.status ?? 1);
}
let ok = await benchServer();
ok = (await benchDrain()) && ok;
console.log(ok ? '\nAll budgets met.' : '\nSome budgets were missed (FAIL above).');
process.exit(ok ? 0 : 1);
