// Shared helpers for the benchmarks (npm run bench, npm run bench:server).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

/** Starts the built app on a port with extra environment; returns a stop function. */
export async function startApp(port: number, env: Record<string, string> = {}) {
	const child = spawn(
		'node',
		[...(process.env.BENCH_NODE_ARGS?.split(' ') ?? []), 'src/node/server.js'],
		{
			env: {
				...process.env,
				PORT: String(port),
				HOST: '127.0.0.1',
				DATA_DIR: `bench-results/data-${port}`,
				...env
			},
			stdio: ['ignore', 'pipe', 'inherit']
		}
	);
	const deadline = Date.now() + 30_000;
	for (;;) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/manifest.webmanifest`)).ok) break;
		} catch {
			// starting
		}
		if (Date.now() > deadline || child.exitCode !== null)
			throw new Error(`the app did not start on ${port}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return async () => {
		if (child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		await exited;
	};
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return sorted[Math.max(0, i)]!;
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (value: number) => `${value.toFixed(1)} ms`;

export interface Row {
	name: string;
	value: string | number;
	budget?: string;
	pass?: boolean;
}

/** Prints budget rows and returns whether all passed. */
export function report(title: string, rows: Row[]): boolean {
	console.log(`\n${title}`);
	let ok = true;
	for (const row of rows) {
		const pass = row.pass ?? true;
		ok &&= pass;
		console.log(
			`  ${pass ? 'ok  ' : 'FAIL'}  ${row.name.padEnd(62)} ${String(row.value).padStart(14)}${row.budget ? `   (budget ${row.budget})` : ''}`
		);
	}
	return ok;
}

export function save(name: string, data: unknown) {
	mkdirSync('bench-results', { recursive: true });
	writeFileSync(`bench-results/${name}.json`, JSON.stringify(data, null, 2));
}
