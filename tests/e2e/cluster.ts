/**
 * Several processes of the built server (`node src/node/server.js`, real sockets) on one fresh
 * PostgreSQL database of their own: the configuration a deployment that outgrows one process
 * runs. Each cluster creates a database with a unique name and drops it on stop(), so runs in
 * parallel never meet. Reusable: the two-process test uses it, the events issue runs its 1,000
 * sign-ups through it.
 *
 *   const cluster = await Cluster.start({ processes: 2, basePort, env });
 *   cluster.urls[0], cluster.urls[1] … cluster.sql`select …` … await cluster.stop();
 *
 * `holdMigrationRace: true` opens the window in which two processes starting at once on an empty
 * database used to collide: a transaction holds `LOCK TABLE pg_catalog.pg_type IN SHARE MODE`
 * (every CREATE TABLE needs that catalog) until every process is waiting on a lock, then lets go.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ClusterOptions {
	/** How many server processes (default 2). */
	processes?: number;
	/** Process i listens on basePort + i. */
	basePort: number;
	/** Extra environment for every process. */
	env?: Record<string, string>;
	/** Hold the migration race window open until all processes wait on a lock (see above). */
	holdMigrationRace?: boolean;
	/** Build directory (default `build`). */
	buildDir?: string;
}

/** PostgreSQL for the tests: TEST_DATABASE_URL, as for the integration suites. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

const APP_NAME = 'linli-cluster';

/** `postgres://…/test` with another database name. */
function withDatabase(url: string, name: string) {
	const parsed = new URL(url);
	parsed.pathname = `/${name}`;
	return parsed.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

class Member {
	readonly output: string[] = [];
	exitCode: number | null = null;
	#child: ChildProcess;
	readonly exited: Promise<void>;

	constructor(
		readonly index: number,
		readonly port: number,
		env: Record<string, string>
	) {
		this.#child = spawn('node', ['src/node/server.js'], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#child.stdout?.on('data', (d: Buffer) => this.output.push(d.toString()));
		this.#child.stderr?.on('data', (d: Buffer) => this.output.push(d.toString()));
		this.exited = new Promise((resolve) =>
			this.#child.once('exit', (code) => {
				this.exitCode = code ?? -1;
				resolve();
			})
		);
	}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Resolves when it answers HTTP; rejects with its output if it exits or takes too long. */
	async ready(timeoutMs = 60_000) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.exitCode !== null) {
				throw new Error(
					`server ${this.index} exited with ${this.exitCode}:\n${this.output.join('')}`
				);
			}
			try {
				const response = await fetch(`${this.url}/manifest.webmanifest`);
				if (response.ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error(`server ${this.index} did not start:\n${this.output.join('')}`);
	}

	async stop() {
		if (this.exitCode !== null) return;
		this.#child.kill('SIGTERM');
		await this.exited;
	}
}

export class Cluster {
	private constructor(
		readonly databaseUrl: string,
		private readonly databaseName: string,
		private readonly adminUrl: string,
		private readonly members: Member[]
	) {}

	get urls(): string[] {
		return this.members.map((m) => m.url);
	}

	/** What process i printed so far. */
	output(i: number): string {
		return this.members[i]!.output.join('');
	}

	/** Starts the processes at the same moment on a new, empty database. */
	static async start(options: ClusterOptions): Promise<Cluster> {
		if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
		const name = `linli_cluster_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
		await admin(TEST_DATABASE_URL, (c) => c.query(`create database ${name}`));
		const databaseUrl = withDatabase(TEST_DATABASE_URL, name);
		const count = options.processes ?? 2;
		let blocker: pg.Client | undefined;
		const members: Member[] = [];
		const cluster = new Cluster(databaseUrl, name, TEST_DATABASE_URL, members);
		try {
			if (options.holdMigrationRace) {
				blocker = new pg.Client({ connectionString: databaseUrl });
				await blocker.connect();
				await blocker.query('begin');
				await blocker.query('lock table pg_catalog.pg_type in share mode');
			}
			for (let i = 0; i < count; i++) {
				members.push(
					new Member(i, options.basePort + i, {
						PORT: String(options.basePort + i),
						HOST: '127.0.0.1',
						DATABASE_URL: databaseUrl,
						DATA_DIR: `test-results/cluster-${options.basePort + i}`,
						LINLI_BUILD_OUT: options.buildDir ?? 'build',
						PGAPPNAME: `${APP_NAME}-${i}`,
						...options.env
					})
				);
			}
			if (blocker) {
				await cluster.#waitUntilAllWaitOnALock(count);
				await blocker.query('commit');
			}
			await Promise.all(members.map((m) => m.ready()));
			return cluster;
		} catch (error) {
			await blocker?.end().catch(() => {});
			await cluster.stop();
			throw error;
		} finally {
			await blocker?.end().catch(() => {});
		}
	}

	/** Polls pg_stat_activity until `count` of our processes are blocked on a lock. */
	async #waitUntilAllWaitOnALock(count: number, timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const { rows } = await this.sql<{ n: string }>(
				`select count(distinct application_name) as n from pg_stat_activity
				 where datname = current_database() and application_name like '${APP_NAME}-%'
				 and wait_event_type = 'Lock'`
			);
			if (Number(rows[0]!.n) >= count) return;
			const dead = this.members.find((m) => m.exitCode !== null);
			if (dead) throw new Error(`server ${dead.index} exited early:\n${dead.output.join('')}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		throw new Error(`not every server came to wait on the catalog lock in ${timeoutMs} ms`);
	}

	/** One query on the cluster's database, on a connection of its own. */
	sql<R extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
		return admin(this.databaseUrl, (c) => c.query<R>(text, values));
	}

	/** Stops every process and drops the database. */
	async stop() {
		await Promise.all(this.members.map((m) => m.stop()));
		await admin(this.adminUrl, (c) =>
			c.query(`drop database if exists ${this.databaseName} with (force)`)
		);
	}
}
