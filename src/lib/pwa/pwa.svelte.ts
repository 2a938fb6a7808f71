import { Workbox } from 'workbox-window';

/**
 * The app's relationship with its service worker and the network, for the shell UI:
 * - online: false while the browser reports no network (the offline indicator);
 * - updateReady: a new deployment's worker is installed and waiting (the "new version" prompt).
 *
 * A new worker never takes over by itself: mixing the old page with new assets is how apps break
 * after a deploy. It waits until the reader accepts, then activates, and the page reloads once.
 */
export class Pwa {
	online = $state(true);
	updateReady = $state(false);
	updating = $state(false);
	#wb: Workbox | undefined;

	/** Starts watching the network and registers the worker. Call once, in the browser. */
	start(scriptUrl = '/service-worker.js'): () => void {
		this.online = navigator.onLine;
		const setOnline = () => (this.online = true);
		const setOffline = () => (this.online = false);
		addEventListener('online', setOnline);
		addEventListener('offline', setOffline);

		let checkForUpdate = () => {};
		if ('serviceWorker' in navigator) {
			const wb = new Workbox(scriptUrl);
			this.#wb = wb;
			wb.addEventListener('waiting', () => (this.updateReady = true));
			wb.register().catch((error: unknown) =>
				console.warn('service worker registration failed', error)
			);
			// Phones keep PWAs open for days: look for a new deployment when the app comes back.
			checkForUpdate = () => {
				if (document.visibilityState === 'visible' && navigator.onLine) {
					wb.update().catch(() => {});
				}
			};
			document.addEventListener('visibilitychange', checkForUpdate);
		}
		return () => {
			removeEventListener('online', setOnline);
			removeEventListener('offline', setOffline);
			document.removeEventListener('visibilitychange', checkForUpdate);
		};
	}

	/** Activates the waiting worker and reloads once it controls the page. */
	applyUpdate() {
		const wb = this.#wb;
		if (!wb || this.updating) return;
		this.updating = true;
		let reloaded = false;
		wb.addEventListener('controlling', () => {
			if (reloaded) return;
			reloaded = true;
			window.location.reload();
		});
		wb.messageSkipWaiting();
	}

	dismissUpdate() {
		this.updateReady = false;
	}
}
