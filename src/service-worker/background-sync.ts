/// <reference lib="webworker" />
// Static import: service workers may not use import(), so not $lib/db/db's lazy loader.
import { LinliDb } from '$lib/db/schema';
import { SyncEngine } from '$lib/sync/engine';
import { HttpTransport } from '$lib/sync/transport';
import { BACKGROUND_SYNC_TAG, WORKER_SYNC_MESSAGE, type WorkerSyncReply } from '$lib/sync/tag';

declare const self: ServiceWorkerGlobalScope;

interface SyncEvent extends ExtendableEvent {
	readonly tag: string;
}

let engine: SyncEngine | undefined;
let db: LinliDb | undefined;

/** The worker's one device database (the sync engine and push share it). */
export const workerDatabase = async () => (db ??= new LinliDb());

/** The worker's one sync engine (background sync and push share it). */
export function syncEngine(): SyncEngine {
	engine ??= new SyncEngine({
		database: workerDatabase,
		transport: new HttpTransport(self.location.origin)
	});
	return engine;
}

/**
 * Background Sync: the browser wakes the worker when the network is back, even with the app
 * closed, and the worker sends the outbox with the same engine the pages use (they share the
 * device database and the sync lock).
 */
export function registerBackgroundSync() {
	const engine = syncEngine();
	self.addEventListener('sync', (event) => {
		const sync = event as SyncEvent;
		if (sync.tag !== BACKGROUND_SYNC_TAG) return;
		sync.waitUntil(
			engine.sync().then((result) => {
				// Failing the event tells the browser to try again later.
				if (!result.ok && result.problem === 'offline') throw new Error('still offline');
			})
		);
	});
	// A page that holds nothing of its own asks the worker to sync for it (see SyncService).
	self.addEventListener('message', (event) => {
		const port = event.ports[0];
		if ((event.data as { type?: unknown } | null)?.type !== WORKER_SYNC_MESSAGE || !port) return;
		const reply = (message: WorkerSyncReply) => port.postMessage(message);
		reply({ type: 'started' });
		event.waitUntil(
			engine.sync().then(
				(result) => reply({ type: 'done', result }),
				() => port.close()
			)
		);
	});
}
