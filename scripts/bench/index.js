// npm run bench: every budget of the client and the volunteer roster, with the figures.
// npm run bench -- --no-lighthouse skips the Lighthouse run (it downloads lighthouse with npx).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { benchClient } from './client.js';

if (!existsSync('build/.stamp') || process.argv.includes('--build')) {
	const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (built.status !== 0) process.exit(built.status ?? 1);
}
let ok = await benchClient({ lighthouse: !process.argv.includes('--no-lighthouse') });
const { benchRoster } = await import('./roster.js').catch(() => ({ benchRoster: undefined }));
if (benchRoster) ok = (await benchRoster()) && ok;
console.log(ok ? '\nAll budgets met.' : '\nSome budgets were missed (FAIL above).');
process.exit(ok ? 0 : 1);
