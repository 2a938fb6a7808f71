/**
 * A hostile network between a device and the server: requests lost on the way, answers lost after
 * the server committed, deliveries repeated, requests held back and delivered later (out of
 * order), made-up 500s and timeouts. Decisions come from a seeded generator, so a failing run
 * replays exactly.
 */
export type Fault =
	'ok' | 'dropRequest' | 'dropResponse' | 'duplicate' | 'delay' | 'serverError' | 'timeout';

export class Rng {
	constructor(private state: number) {}
	next(): number {
		// mulberry32
		let t = (this.state += 0x6d2b79f5);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)]!;
	}
}

export const FAULTS: Fault[] = [
	'dropRequest',
	'dropResponse',
	'duplicate',
	'delay',
	'serverError',
	'timeout'
];

export class ChaosNetwork {
	/** Requests held back; delivered at a random later moment, their answers lost. */
	readonly held: (() => Promise<unknown>)[] = [];
	calm = false;
	readonly counts: Record<Fault, number> = {
		ok: 0,
		dropRequest: 0,
		dropResponse: 0,
		duplicate: 0,
		delay: 0,
		serverError: 0,
		timeout: 0
	};

	constructor(
		private readonly rng: Rng,
		private readonly server: (request: Request) => Promise<Response>,
		private readonly faultRate = 0.4
	) {}

	/** Delivers some held-back requests (or all, when calm). */
	async deliverHeld(all = false) {
		while (this.held.length) {
			if (!all && this.rng.next() < 0.5) break;
			const index = Math.floor(this.rng.next() * this.held.length);
			const [deliver] = this.held.splice(index, 1);
			await deliver!().catch(() => undefined);
		}
	}

	/** A fetch for one device. `alive` turns false when the device "crashes". */
	fetchFor(alive: () => boolean): typeof fetch {
		return async (input, init) => {
			const make = () => new Request(input as string, init);
			const fault: Fault =
				this.calm || this.rng.next() >= this.faultRate ? 'ok' : this.rng.pick(FAULTS);
			this.counts[fault]++;
			if (this.rng.next() < 0.2) await this.deliverHeld();
			const answer = async (response: Response) => {
				if (!alive()) throw new TypeError('device crashed');
				return response;
			};
			switch (fault) {
				case 'ok':
					return answer(await this.server(make()));
				case 'dropRequest':
					throw new TypeError('network error (request lost)');
				case 'dropResponse':
					await this.server(make());
					throw new TypeError('network error (answer lost)');
				case 'duplicate': {
					const first = await this.server(make());
					await this.server(make());
					return answer(first);
				}
				case 'delay':
					this.held.push(() => this.server(make()));
					throw new TypeError('network error (request held back)');
				case 'serverError':
					return answer(
						new Response('{"error":"server_error","message":"simulated"}', {
							status: 500,
							headers: { 'content-type': 'application/json' }
						})
					);
				case 'timeout': {
					// The server may or may not have received it before the device gave up.
					if (this.rng.next() < 0.5) await this.server(make());
					throw new DOMException('The operation was aborted.', 'AbortError');
				}
			}
		};
	}
}
