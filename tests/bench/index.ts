// npm run bench: every budget — the client (sizes, search, Lighthouse), pack files, the volunteer
// roster, the sync server under load and a client draining its outbox, Web Push, events, tickets
// and the synced start. npm run bench:server: the sync server and the drain only.
//   npm run bench -- --no-lighthouse   skips Lighthouse (it downloads lighthouse@12.8.2 with npx)
//   npm run bench -- server push-load  runs only the benchmarks named (see ./one.ts)
// Each benchmark runs in a process of its own, so that one cannot leave anything behind for the
// next (a grown heap, timers, open handles): the load generators measure from the moment a request
// was due, and any pause of theirs counts as latency.
import { spawnSync } from 'node:child_process';
import { BENCHMARKS } from './one';

const args = process.argv.slice(2);
if (args.includes('--build')) {
	const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (built.status !== 0) process.exit(built.status ?? 1);
}
const named = args.filter((a) => !a.startsWith('--'));
const unknown = named.filter((name) => !(name in BENCHMARKS));
if (unknown.length) {
	console.error(
		`No benchmark named ${unknown.join(', ')}; there are: ${Object.keys(BENCHMARKS).join(', ')}`
	);
	process.exit(2);
}
/** Lets the disk catch up with what the benchmark before wrote (and dropped) before the next. */
async function settle() {
	spawnSync('sync');
	await new Promise((resolve) => setTimeout(resolve, 3000));
}

let ok = true;
for (const [i, name] of (named.length ? named : Object.keys(BENCHMARKS)).entries()) {
	if (i > 0) await settle();
	const run = spawnSync(
		process.execPath,
		['--import', 'tsx', 'tests/bench/one.ts', name, ...args.filter((a) => a.startsWith('--no-'))],
		{ stdio: 'inherit' }
	);
	if (run.status !== 0) ok = false;
}
console.log(ok ? '\nAll budgets met.' : '\nSome budgets were missed (FAIL above).');
process.exit(ok ? 0 : 1);
