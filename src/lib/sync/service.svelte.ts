/**
 * The app's sync service (one per tab): when to sync, and the status the resident sees.
 *
 * It syncs on start, when the network comes back, when the app becomes visible again, after a
 * local change, on an interval, and backs off (with jitter) after failures. The service worker
 * also syncs from Background Sync where the browser has it. The last status is kept in
 * localStorage, so every page can show it before the device database has even loaded.
 */
import { whenIdle } from '$lib/idle';
import type { SyncProblem, SyncResult } from './engine';
import { databaseOpened } from '$lib/db/db';
import { BACKGROUND_SYNC_TAG } from './tag';

export interface SyncTools {
	/** The engine module's functions (linkCode, linkDevice, listDevices, removeDevice…). */
	calls: typeof import('./engine');
	engine: import('./engine').SyncEngine;
	transport: import('./transport').SyncTransport & import('./transport').NeighbourhoodTransport;
	database: () => Promise<import('$lib/db/schema').LinliDb>;
}

export interface SyncSnapshot {
	pending: number;
	syncing: boolean;
	problem?: SyncProblem;
	/** When the next try after a failure is due. */
	retryAt?: number;
	lastSyncedAt?: number;
	/**
	 * This phone holds records of its own (sent or waiting), not only the tasks everyone gets:
	 * only then is a sync status worth showing.
	 */
	active: boolean;
	/** Refused changes the resident has not dismissed yet. */
	refused?: number;
	/** The browser promised to keep this site's storage (navigator.storage.persist). */
	persisted?: boolean;
}

const STORAGE_KEY = 'linli.sync';
/**
 * What a neighbourhood shares with every phone that follows it (tasks, announcements, contacts,
 * events): holding them says nothing about the resident.
 */
const PUBLIC_COLLECTIONS = ['task', 'announcement', 'contact', 'event'];
const INTERVAL_MS = 5 * 60_000;
const BACKOFF_START_MS = 5_000;
const BACKOFF_MAX_MS = 5 * 60_000;

function stored(): SyncSnapshot {
	try {
		const value = JSON.parse(
			localStorage.getItem(STORAGE_KEY) ?? 'null'
		) as Partial<SyncSnapshot> | null;
		if (value && typeof value === 'object')
			return { pending: 0, active: false, ...value, syncing: false };
	} catch {
		// no storage, or nothing saved yet
	}
	return { pending: 0, syncing: false, active: false };
}

/** Exponential backoff with ±30% jitter, so a hundred phones do not retry in step. */
export function backoffDelay(failures: number, random = Math.random): number {
	const base = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** Math.max(0, failures - 1));
	return Math.round(base * (0.7 + random() * 0.6));
}

export class SyncService {
	state: SyncSnapshot = $state({ pending: 0, syncing: false, active: false });
	/**
	 * How this tab's first sync ended: until it has answered, a record the phone does not hold
	 * yet (a task from a shared link) is "loading", not "not found". Not saved: each tab asks anew.
	 */
	firstAnswer: 'ok' | 'failed' | undefined = $state();
	#tools: Promise<SyncTools> | undefined;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#failures = 0;
	#started = false;
	#running: Promise<SyncResult> | undefined;
	#again = false;

	#save() {
		try {
			const { syncing: _, ...rest } = this.state;
			localStorage.setItem(STORAGE_KEY, JSON.stringify(rest));
		} catch {
			// storage full or disabled: the status is only a convenience
		}
	}

	/**
	 * The engine, its transport and the device database, loaded on first use so that they stay
	 * out of the first page load. Settings uses them too (linking and removing phones).
	 */
	tools(): Promise<SyncTools> {
		this.#tools ??= Promise.all([
			import('./engine'),
			import('./transport'),
			import('$lib/db/db')
		]).then(([calls, { HttpTransport }, { database }]) => {
			const transport = new HttpTransport();
			void this.#watchOutbox();
			return { calls, transport, database, engine: new calls.SyncEngine({ database, transport }) };
		});
		return this.#tools;
	}

	/** Starts watching (in the browser, once). Devices with nothing to send wait until idle. */
	start(): () => void {
		if (this.#started) return () => {};
		this.#started = true;
		this.state = stored();
		const soon = () => this.schedule(500);
		addEventListener('online', soon);
		const visible = () => {
			if (document.visibilityState === 'visible') soon();
		};
		document.addEventListener('visibilitychange', visible);
		// Registering the device and fetching shared records can wait for a quiet moment, unless
		// changes are waiting to be sent.
		const cancelIdle = whenIdle(
			() => this.schedule(this.state.pending > 0 ? 0 : this.state.active ? 500 : 3000),
			4000
		);
		// A phone with records of its own shows their count at once; a phone with none learns
		// of its first change from afterLocalChange, and watches from then on.
		if (this.state.active || this.state.pending > 0) void this.#watchOutbox();
		return () => {
			removeEventListener('online', soon);
			document.removeEventListener('visibilitychange', visible);
			cancelIdle();
			clearTimeout(this.#timer);
			this.#started = false;
		};
	}

	#watching = false;

	async #watchOutbox() {
		if (this.#watching) return;
		this.#watching = true;
		const [{ liveQuery }, { database }] = await Promise.all([
			import('dexie'),
			import('$lib/db/db')
		]);
		const db = await database();
		liveQuery(async () => ({
			pending: await db.outbox.count(),
			own: await db.records.where('collection').noneOf(PUBLIC_COLLECTIONS).count(),
			refused: await db.syncIssues.where('dismissed').equals(0).count()
		})).subscribe({
			next: ({ pending, own, refused }) => {
				this.state.pending = pending;
				this.state.active = pending > 0 || own > 0;
				this.state.refused = refused;
				this.#save();
			},
			error: (error: unknown) => console.error('outbox count failed', error)
		});
	}

	/** Syncs after `delayMs` (replacing a later scheduled run). */
	schedule(delayMs: number) {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.syncNow(), delayMs);
	}

	/** Syncs now; a request during a run makes one more run afterwards. */
	async syncNow(): Promise<SyncResult | undefined> {
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		this.state.syncing = true;
		this.#running = this.#byWorker()
			? import('./worker-sync')
					.then(({ syncInWorker }) => syncInWorker())
					.catch(() => this.#syncInPage())
			: this.#syncInPage();
		try {
			const result = await this.#running;
			this.#settle(result);
			return result;
		} finally {
			// A run that threw (the engine's code could not even load offline) answered too.
			this.firstAnswer ??= 'failed';
			this.#running = undefined;
			this.state.syncing = false;
			this.#save();
			if (this.#again) {
				this.#again = false;
				this.schedule(0);
			}
		}
	}

	#syncInPage(): Promise<SyncResult> {
		return this.tools().then(({ engine }) => engine.sync());
	}

	/**
	 * Whether the service worker should sync for this page: only while the phone holds nothing of
	 * its own and this page has not opened the device database (a page that shows records watches
	 * them live, so it syncs itself and sees each change as it lands).
	 */
	#byWorker(): boolean {
		return (
			!this.#tools &&
			!databaseOpened() &&
			!this.state.active &&
			this.state.pending === 0 &&
			'serviceWorker' in navigator
		);
	}

	#settle(result: SyncResult) {
		this.firstAnswer ??= result.ok ? 'ok' : 'failed';
		if (result.ok) {
			this.#failures = 0;
			this.state.problem = undefined;
			this.state.retryAt = undefined;
			this.state.lastSyncedAt = result.at;
			this.schedule(INTERVAL_MS);
			return;
		}
		this.#failures++;
		this.state.problem = result.problem;
		// An app too old for the server cannot fix itself by retrying.
		if (result.problem === 'update') return;
		const delay = result.retryAfter ? result.retryAfter * 1000 : backoffDelay(this.#failures);
		this.state.retryAt = Date.now() + delay;
		this.schedule(delay);
	}

	/** After a change saved on this device: send it soon, ask for durable storage, arm Background Sync. */
	afterLocalChange() {
		this.state.active = true;
		this.schedule(300);
		void this.#persist();
		void navigator.serviceWorker?.ready
			.then((registration) =>
				(
					registration as ServiceWorkerRegistration & {
						sync?: { register(tag: string): Promise<void> };
					}
				).sync?.register(BACKGROUND_SYNC_TAG)
			)
			.catch(() => {});
	}

	async #persist() {
		if (this.state.persisted || !navigator.storage?.persist) return;
		try {
			this.state.persisted =
				(await navigator.storage.persisted()) || (await navigator.storage.persist());
			this.#save();
		} catch {
			this.state.persisted = false;
		}
	}
}

/** The tab's sync service. */
export const sync = new SyncService();
