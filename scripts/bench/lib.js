// Shared helpers for the benchmark scripts (npm run bench, npm run bench:server).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

/** Starts the built app on a port; returns a stop function. */
export async function startApp(port, env = {}) {
	const child = spawn('node', ['scripts/server.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: `bench-results/data-${port}`,
			...env
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/manifest.webmanifest`)).ok) break;
		} catch {
			// starting
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return async () => {
		if (child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		await exited;
	};
}

export function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return sorted[Math.max(0, i)];
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Prints budget rows and returns whether all passed. */
export function report(title, rows) {
	console.log(`\n${title}`);
	let ok = true;
	for (const row of rows) {
		const pass = row.pass ?? true;
		ok &&= pass;
		console.log(
			`  ${pass ? 'ok  ' : 'FAIL'}  ${row.name.padEnd(58)} ${String(row.value).padStart(14)}${row.budget ? `   (budget ${row.budget})` : ''}`
		);
	}
	return ok;
}

export function save(name, data) {
	mkdirSync('bench-results', { recursive: true });
	writeFileSync(`bench-results/${name}.json`, JSON.stringify(data, null, 2));
}
