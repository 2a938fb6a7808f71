/** The Background Sync tag the pages register and the service worker answers. */
export const BACKGROUND_SYNC_TAG = 'linli-sync';

/**
 * A page asks the service worker to sync for it (message type), so that a phone holding nothing of
 * its own (a first visit) fetches the shared records without the page loading the sync engine and
 * the device database (about 45 KB): the worker has them already.
 */
export const WORKER_SYNC_MESSAGE = 'linli-sync-now';

/** The worker's replies on the message's port: at once, then with the result. */
export type WorkerSyncReply =
	{ type: 'started' } | { type: 'done'; result: import('./engine').SyncResult };
