/**
 * The server's clock as this phone knows it (issue 13: the synced start). A few round trips to
 * GET /api/time (./measure-offset.ts) give the offset between the phone's clock and the
 * server's; from then on the server's time is Date.now() + offset, with no
 * network: the countdown keeps going in a lobby with no signal. The offset is kept in memory and
 * in sessionStorage (a reload offline keeps it; a new visit measures again, as a phone's clock
 * may have been changed since), and measured again when the phone comes back online.
 */
import { betterEstimate } from '$lib/domain/clock-offset';
import { measureOffset, type MeasuredOffset } from './measure-offset';

const STORAGE_KEY = 'linli.serverClock';

function load(): MeasuredOffset | undefined {
	try {
		const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as MeasuredOffset;
		return saved && Number.isFinite(saved.offset) && Number.isFinite(saved.uncertainty)
			? saved
			: undefined;
	} catch {
		return undefined;
	}
}

function save(estimate: MeasuredOffset) {
	try {
		sessionStorage.setItem(STORAGE_KEY, JSON.stringify(estimate));
	} catch {
		// Private browsing with storage off: the estimate lives as long as the page.
	}
}

class ServerClock {
	/** The offset in use; undefined until one is measured (the phone's own clock is used then). */
	estimate = $state<MeasuredOffset | undefined>();
	measuring = $state(false);
	/**
	 * Whether the phone's clock can be trusted as far as it will be: an estimate is kept, or a
	 * measurement has ended (a phone that cannot reach the server counts by its own clock). Until
	 * then a countdown shows no time: a phone minutes ahead must not call the start before it
	 * has asked the server.
	 */
	settled = $state(false);
	#users = 0;
	#measured = false;
	#running: Promise<void> | undefined;

	/** The server's time now, as well as this phone knows it. */
	now(): number {
		return Date.now() + (this.estimate?.offset ?? 0);
	}

	/** Measures now (once at a time); a failed measurement keeps the estimate there was. */
	measure(fetcher: typeof fetch = fetch): Promise<void> {
		this.#running ??= (async () => {
			this.measuring = true;
			try {
				const next = await measureOffset(fetcher);
				if (next) {
					this.estimate = betterEstimate(this.estimate, next);
					this.#measured = true;
					save(this.estimate);
				}
			} finally {
				this.settled = true;
				this.measuring = false;
				this.#running = undefined;
			}
		})();
		return this.#running;
	}

	#online = () => void this.measure();

	/**
	 * A countdown on screen: use the kept estimate at once, measure once per page load, and again
	 * whenever the phone comes back online. Returns the function that stops listening.
	 */
	start(): () => void {
		if (this.#users++ === 0) {
			this.estimate ??= load();
			if (this.estimate) this.settled = true;
			addEventListener('online', this.#online);
			if (!this.#measured) void this.measure();
		}
		return () => {
			if (--this.#users === 0) removeEventListener('online', this.#online);
		};
	}
}

export const serverClock = new ServerClock();
