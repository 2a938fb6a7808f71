/**
 * Runs the real linli command in tests: bundled once per test file into a temporary folder (under
 * node_modules/.cache, so the bundle finds the external packages) with the same esbuild settings
 * as src/node/build-cli.js, so test files running side by side never write the same dist/cli.js;
 * then spawned as a user would.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export async function bundleCli(): Promise<{ cli: string; remove: () => Promise<void> }> {
	await mkdir(join('node_modules', '.cache'), { recursive: true });
	const dir = await mkdtemp(join('node_modules', '.cache', 'linli-cli-'));
	const outfile = join(dir, 'cli.js');
	await build({
		entryPoints: ['src/cli/index.ts'],
		outfile,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'esm',
		external: ['better-sqlite3', 'pg', 'pg-native'],
		banner: {
			js: "import { createRequire as __linliRequire } from 'node:module'; const require = __linliRequire(import.meta.url);"
		},
		logLevel: 'warning'
	});
	return { cli: resolve(outfile), remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface CliResult {
	status: number | null;
	stdout: string;
	stderr: string;
}

const ENV = { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: '', LC_MESSAGES: '' };

/** Runs the command synchronously (no server involved). */
export function runCli(
	cli: string,
	args: string[],
	options: { cwd?: string; env?: Record<string, string> } = {}
): CliResult {
	const result = spawnSync('node', [cli, ...args], {
		encoding: 'utf8',
		cwd: options.cwd,
		env: { ...ENV, ...options.env }
	});
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the command without blocking the event loop (for a server in the same process). */
export function runCliAsync(
	cli: string,
	args: string[],
	options: { cwd?: string; env?: Record<string, string> } = {}
): Promise<CliResult> {
	return new Promise((resolve) => {
		const child = spawn('node', [cli, ...args], {
			cwd: options.cwd,
			env: { ...ENV, ...options.env }
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('close', (status) => resolve({ status, stdout, stderr }));
	});
}
