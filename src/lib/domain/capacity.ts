/**
 * Places with a limit, and a waitlist: the rule for volunteer task slots, and (later) for event
 * roles. Pure functions: the server applies them inside its transactions.
 *
 * - A new sign-up is confirmed while confirmed places are fewer than the capacity, else it waits.
 * - When a confirmed place frees up (a cancellation, a larger capacity), the longest-waiting
 *   sign-ups are promoted, in the order they arrived.
 * - A smaller capacity never removes anyone already confirmed.
 *
 * The queue's order is total and stable: `order` is the server's arrival number (a database
 * counter, unique per sign-up: see nextArrival in lib/server/capacity.ts), and should two places
 * ever share one, their ids decide. So promotions are the same on every server and every run,
 * and "why was she first" has an answer: she arrived first.
 */
export type PlaceStatus = 'confirmed' | 'waitlisted' | 'cancelled';

export interface Place {
	id: string;
	status: PlaceStatus;
	/** Arrival order: earlier sign-ups come first. */
	order: number;
	/**
	 * Places it takes (an event sign-up for a party of three takes three); 1 when not given, as a
	 * task sign-up always is.
	 */
	size?: number;
}

const sizeOf = (p: Place) => p.size ?? 1;
const taken = (places: readonly Place[]) =>
	places.filter((p) => p.status === 'confirmed').reduce((sum, p) => sum + sizeOf(p), 0);

/** First come, first served; equal arrival numbers (never given by the server) fall back to id. */
export function byArrival(a: Place, b: Place): number {
	return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Confirmed when `size` places are still free (capacity Infinity: no limit). Someone already
 * waiting goes first: a newcomer who would fit is waitlisted behind them, never ahead.
 */
export function admit(
	places: readonly Place[],
	capacity: number,
	size = 1
): 'confirmed' | 'waitlisted' {
	if (places.some((p) => p.status === 'waitlisted')) return 'waitlisted';
	return taken(places) + size <= capacity ? 'confirmed' : 'waitlisted';
}

/**
 * The waitlisted ids that now get a place, first come first served: in arrival order, while the
 * next one fits (a party that does not fit yet waits at the head; nobody behind it jumps ahead).
 */
export function promotions(places: readonly Place[], capacity: number): string[] {
	let free = Math.max(0, capacity - taken(places));
	const promoted: string[] = [];
	for (const place of places.filter((p) => p.status === 'waitlisted').sort(byArrival)) {
		if (sizeOf(place) > free) break;
		free -= sizeOf(place);
		promoted.push(place.id);
	}
	return promoted;
}

/** Each waitlisted id's place in the queue (1 = next). */
export function waitlistPositions(places: readonly Place[]): Map<string, number> {
	return new Map(
		places
			.filter((p) => p.status === 'waitlisted')
			.sort(byArrival)
			.map((p, i) => [p.id, i + 1])
	);
}
