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
}

/** First come, first served; equal arrival numbers (never given by the server) fall back to id. */
export function byArrival(a: Place, b: Place): number {
	return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function admit(places: readonly Place[], capacity: number): 'confirmed' | 'waitlisted' {
	const confirmed = places.filter((p) => p.status === 'confirmed').length;
	return confirmed < capacity ? 'confirmed' : 'waitlisted';
}

/** The waitlisted ids that now get a place, first come first served. */
export function promotions(places: readonly Place[], capacity: number): string[] {
	const confirmed = places.filter((p) => p.status === 'confirmed').length;
	const free = Math.max(0, capacity - confirmed);
	return places
		.filter((p) => p.status === 'waitlisted')
		.sort(byArrival)
		.slice(0, free)
		.map((p) => p.id);
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
