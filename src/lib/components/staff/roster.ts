/** Small helpers shared by the roster's table (desktop) and cards (phone). */
import type { RosterEntry } from '$lib/server/volunteers/roster';

export type Volunteer = RosterEntry;

/** What a tel: link dials on any phone ("+852 9123-4567" → "+85291234567"). */
export const dialable = (phone: string) => phone.replace(/[^\d+]/g, '');

/** The roster URL with one parameter changed (and back to page 1 when the order changes). */
export function withParam(current: URL, changes: Record<string, string>): string {
	const params = new URLSearchParams(current.searchParams);
	for (const [name, value] of Object.entries(changes)) params.set(name, value);
	return `?${params}`;
}
