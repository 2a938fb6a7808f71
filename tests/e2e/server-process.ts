import { spawn, type ChildProcess } from 'node:child_process';

/** A Linli server of a given build on a given port, for tests that swap deployments. */
export class ServerProcess {
	#child: ChildProcess | undefined;
	readonly output: string[] = [];

	constructor(
		readonly port: number,
		readonly buildDir: string,
		readonly env: Record<string, string> = {}
	) {}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	async start() {
		this.#child = spawn('node', ['src/node/server.js'], {
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				LINLI_BUILD_OUT: this.buildDir,
				DATA_DIR: `test-results/data-${this.port}`,
				...this.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#child.stdout?.on('data', (d: Buffer) => this.output.push(d.toString()));
		this.#child.stderr?.on('data', (d: Buffer) => this.output.push(d.toString()));
		const deadline = Date.now() + 20_000;
		while (Date.now() < deadline) {
			try {
				const response = await fetch(`${this.url}/manifest.webmanifest`);
				if (response.ok) return;
			} catch {
				// not up yet
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error(`server on ${this.port} did not start:\n${this.output.join('')}`);
	}

	async stop() {
		const child = this.#child;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	}
}
