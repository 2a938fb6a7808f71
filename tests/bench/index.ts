// npm run bench: the client budgets and the volunteer roster's. npm run bench:server: the sync push.
//   npm run bench -- --no-lighthouse   skips Lighthouse (it downloads lighthouse@12.8.2 with npx)
import { spawnSync } from 'node:child_process';
import { benchClient } from './client';
import { benchRoster } from './roster';

if (process.argv.includes('--build')) {
	const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (built.status !== 0) process.exit(built.status ?? 1);
}
let ok = true;
ok = (await benchClient({ withLighthouse: !process.argv.includes('--no-lighthouse') })) && ok;
ok = (await benchRoster()) && ok;
console.log(ok ? '\nAll budgets met.' : '\nSome budgets were missed (FAIL above).');
process.exit(ok ? 0 : 1);
