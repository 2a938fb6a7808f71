/** The events and the resident's own sign-ups on this phone, as Svelte state (live queries). */
import { live } from '$lib/db/live.svelte';
import type { SyncedRecord } from '$lib/db/schema';
import type { EventPublic, EventSignupRecord } from '$shared/events';
import type { Synced } from '$lib/volunteer/data.svelte';

export const EVENT = 'event';
export const EVENT_SIGNUP = 'eventSignup';

export interface EventsData {
	loaded: boolean;
	/** Soonest first. */
	events: EventPublic[];
	signups: Synced<EventSignupRecord>[];
}

const EMPTY: EventsData = { loaded: false, events: [], signups: [] };

const synced = <T>(row: SyncedRecord): Synced<T> => ({
	data: row.data as T,
	state: row.state,
	...(row.rejection ? { rejection: row.rejection } : {})
});

/** Upcoming events come first; those that ended stay readable below. */
export function sortEvents(events: EventPublic[]): EventPublic[] {
	return [...events].sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : 1));
}

export function eventsData() {
	return live(
		() => null,
		async (db): Promise<EventsData> => {
			// One key range each: Dexie reads a range with one getAll, where anyOf walks a cursor
			// record by record (with 500 events, that was most of the list's wait).
			const read = async (collection: string) =>
				(await db.records.where('collection').equals(collection).toArray()).filter(
					(r) => r.data !== null
				);
			const events = await read(EVENT);
			const signups = await read(EVENT_SIGNUP);
			return {
				loaded: true,
				events: sortEvents(events.map((r) => r.data as EventPublic)),
				signups: signups.map((r) => synced<EventSignupRecord>(r))
			};
		},
		EMPTY
	);
}
