import type { Workbox } from 'workbox-window';
import type { InstallPromptEvent } from './install';

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
	/**
	 * A service worker is active: it installs only once its precache, the built-in packs and the
	 * strings of the phone's language are stored, so everything works offline from here on.
	 */
	offlineReady = $state(false);
	/** The browser's install prompt, kept for the install card (it is offered once per page). */
	installPrompt: InstallPromptEvent | undefined = $state.raw();
	/** Running from the home screen, or just installed from this page. */
	installed = $state(false);
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
		this.installed =
			matchMedia('(display-mode: standalone)').matches ||
			(navigator as Navigator & { standalone?: boolean }).standalone === true;
		// Keep the browser's prompt for the install card instead of the browser's own mini-bar.
		const keepPrompt = (event: Event) => {
			event.preventDefault();
			this.installPrompt = event as InstallPromptEvent;
		};
		const onInstalled = () => {
			this.installed = true;
			this.installPrompt = undefined;
		};
		addEventListener('beforeinstallprompt', keepPrompt);
		addEventListener('appinstalled', onInstalled);

		let checkForUpdate = () => {};
		let stopped = false;
		if ('serviceWorker' in navigator) {
			// workbox-window loads after the first paint: registering the worker is never urgent.
			void import('workbox-window').then(({ Workbox }) => {
				if (stopped) return;
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
			});
			void navigator.serviceWorker.ready.then(() => (this.offlineReady = true));
		}
		return () => {
			stopped = true;
			removeEventListener('online', setOnline);
			removeEventListener('offline', setOffline);
			removeEventListener('beforeinstallprompt', keepPrompt);
			removeEventListener('appinstalled', onInstalled);
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

	/** Opens the browser's install prompt; true if the reader installed the app. */
	async install(): Promise<boolean> {
		const prompt = this.installPrompt;
		if (!prompt) return false;
		// A prompt can be shown once: whatever the answer, the browser offers a new one if any.
		this.installPrompt = undefined;
		await prompt.prompt();
		const { outcome } = await prompt.userChoice;
		if (outcome === 'accepted') this.installed = true;
		return outcome === 'accepted';
	}
}
