// npm run test:chaos -- --runs 5000 [--pg-runs 500] [--seed N [--path P]]: the sync fault-injection
// test, as long as you like (PostgreSQL runs need TEST_DATABASE_URL); --seed and --path replay a
// failure exactly as fast-check printed it.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
	options: {
		runs: { type: 'string', default: '1000' },
		'pg-runs': { type: 'string', default: '50' },
		seed: { type: 'string' },
		path: { type: 'string' }
	}
});
const env = {
	...process.env,
	LINLI_CHAOS_RUNS: values.runs,
	LINLI_CHAOS_PG_RUNS: values['pg-runs'],
	...(values.seed ? { LINLI_CHAOS_SEED: values.seed } : {}),
	...(values.path ? { LINLI_CHAOS_PATH: values.path } : {})
};
const started = Date.now();
const result = spawnSync('npx', ['vitest', 'run', 'tests/chaos'], { stdio: 'inherit', env });
console.log(
	`\n${values.runs} runs on SQLite (${values['pg-runs']} on PostgreSQL with TEST_DATABASE_URL) in ${((Date.now() - started) / 1000).toFixed(0)} s`
);
process.exit(result.status ?? 1);
