/**
 * A page's sync done by the service worker (see WORKER_SYNC_MESSAGE): loaded when a sync runs, not
 * with the first page.
 */
import type { SyncResult } from './engine';
import { WORKER_SYNC_MESSAGE, type WorkerSyncReply } from './tag';

/** How long the worker has to say it started (an older worker never answers), and to finish. */
const WORKER_ACK_MS = 2_000;
const WORKER_DONE_MS = 120_000;

/** Asks the active service worker to sync; rejects if it cannot (then the page syncs itself). */
export async function syncInWorker(): Promise<SyncResult> {
	// On a first visit the worker may still be installing (precaching the app on a slow link):
	// wait for it, as the shared records are not urgent; with no worker at all, sync here.
	// (The page registers it just after its first paint: give that a moment.)
	let registration = await navigator.serviceWorker.getRegistration();
	for (let waited = 0; !registration && waited < 10_000; waited += 500) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		registration = await navigator.serviceWorker.getRegistration();
	}
	if (!registration) throw new Error('no worker');
	const ready = await Promise.race([
		navigator.serviceWorker.ready,
		new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no worker')), 60_000))
	]);
	const worker = ready.active;
	if (!worker) throw new Error('no active worker');
	return new Promise<SyncResult>((resolve, reject) => {
		const channel = new MessageChannel();
		const fail = () => {
			channel.port1.close();
			reject(new Error('the worker did not answer'));
		};
		let timer = setTimeout(fail, WORKER_ACK_MS);
		channel.port1.onmessage = (event: MessageEvent<WorkerSyncReply>) => {
			clearTimeout(timer);
			if (event.data.type === 'started') {
				timer = setTimeout(fail, WORKER_DONE_MS);
				return;
			}
			channel.port1.close();
			resolve(event.data.result);
		};
		worker.postMessage({ type: WORKER_SYNC_MESSAGE }, [channel.port2]);
	});
}
