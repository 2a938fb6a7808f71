/**
 * SQLite's automatic WAL checkpoint runs inside a commit, on the thread that commits: every few
 * hundred writes one request waits 10–20 ms for the database file to be written and synced, and
 * every request queued behind it waits too. Here a worker thread with its own connection does the
 * checkpoints instead (PASSIVE: it never blocks the writer), so commits only append to the WAL.
 *
 * The main connection keeps a high automatic threshold as a safety net: if the worker cannot keep
 * up or dies, the WAL still cannot grow without bound.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages in the WAL before the writer checkpoints by itself (the worker's fallback). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

// Runs in the worker (CommonJS, evaluated from this string: it needs no file of its own in the
// bundled server).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let stopped = false;
function tick() {
	if (stopped) return;
	try {
		db.pragma('wal_checkpoint(PASSIVE)');
	} catch (error) {
		parentPort.postMessage({ error: String(error && error.message || error) });
	}
	setTimeout(tick, workerData.intervalMs);
}
parentPort.on('message', (message) => {
	if (message !== 'stop') return;
	stopped = true;
	try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
	db.close();
	parentPort.postMessage('stopped');
});
setTimeout(tick, workerData.intervalMs);
`;

export interface Checkpointer {
	stop(): Promise<void>;
}

export function startCheckpointer(path: string, intervalMs = 250): Checkpointer {
	const driver = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: { path, driver, intervalMs }
	});
	let failed = false;
	worker.on('message', (message: unknown) => {
		if (message && typeof message === 'object' && 'error' in message && !failed) {
			failed = true; // once is enough: the writer's own checkpoints take over
			console.warn(`[linli] WAL checkpoint worker: ${(message as { error: string }).error}`);
		}
	});
	worker.on('error', (error) => console.warn('[linli] WAL checkpoint worker stopped:', error));
	worker.unref(); // after the listeners: adding one refs the worker again
	return {
		async stop() {
			const stopped = new Promise<void>((resolve) => {
				worker.on('message', (message) => {
					if (message === 'stopped') resolve();
				});
				worker.once('exit', () => resolve());
			});
			worker.postMessage('stop');
			await Promise.race([stopped, new Promise((r) => setTimeout(r, 2000))]);
			await worker.terminate();
		}
	};
}
