/**
 * Places with a limit, and a waitlist: the rule for volunteer task slots, and (later) for event
 * roles. Pure functions: the server applies them inside its transactions.
 *
 * - A new sign-up is confirmed while confirmed places are fewer than the capacity, else it waits.
 * - When a confirmed place frees up (a cancellation, a larger capacity), the longest-waiting
 *   sign-ups are promoted, in the order they arrived.
 * - A smaller capacity never removes anyone already confirmed.
 */
export type PlaceStatus = 'confirmed' | 'waitlisted' | 'cancelled';

export interface Place {
	id: string;
	status: PlaceStatus;
	/** Arrival order: earlier sign-ups come first. */
	order: number;
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
		.sort((a, b) => a.order - b.order)
		.slice(0, free)
		.map((p) => p.id);
}

/** Each waitlisted id's place in the queue (1 = next). */
export function waitlistPositions(places: readonly Place[]): Map<string, number> {
	return new Map(
		places
			.filter((p) => p.status === 'waitlisted')
			.sort((a, b) => a.order - b.order)
			.map((p, i) => [p.id, i + 1])
	);
}
