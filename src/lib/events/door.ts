/**
 * An organizer's phone at the door (issue 13). While online it loads the event's roster (only
 * what the door needs) and the public keys that check tickets; in a lobby with no signal it marks
 * people in, each mark saved with its `event.admit` outbox entry in one transaction, sent with the
 * organizer's session at the next sync. The roster copy leaves the phone 12 hours after the event
 * ends, when the organizer deletes it, and at sign-out (deleteDoorRosters).
 */
import { database } from '$lib/db/db';
import type { DoorRoster } from '$lib/db/schema';
import { deleteDoorRosters } from '$lib/db/door-copies';
import { queueMutation } from '$lib/sync/local-change';
import { sync } from '$lib/sync/service.svelte';
import { rosterDeleteAfter, type DoorLine, type DoorMark } from '$domain/door';
import type { EventAdmit } from '$shared/events';

export const ADMIT = 'event.admit';
/** The outbox's record key of a mark: how the page tells marks sent from marks waiting. */
export const markKey = (id: string) => `door/${id}`;

export type LoadProblem = 'offline' | 'signin' | 'forbidden' | 'not_found' | 'server';

interface DoorResponse {
	event: DoorRoster['event'];
	keys: DoorRoster['keys'];
	lines: DoorLine[];
	fetchedAt: number;
}

/**
 * Loads (or refreshes) the door's roster. A refresh replaces the lines with the server's (which
 * include what this phone's marks have told it since) and keeps the door's name.
 */
export async function loadDoorRoster(
	eventId: string,
	fetcher: typeof fetch = fetch
): Promise<{ ok: true } | { ok: false; problem: LoadProblem }> {
	let response: Response;
	try {
		response = await fetcher(`/api/events/${encodeURIComponent(eventId)}/door`, {
			credentials: 'same-origin',
			cache: 'no-store',
			headers: { accept: 'application/json' }
		});
	} catch {
		return { ok: false, problem: 'offline' };
	}
	if (response.status === 401) return { ok: false, problem: 'signin' };
	if (response.status === 403) return { ok: false, problem: 'forbidden' };
	if (response.status === 404) return { ok: false, problem: 'not_found' };
	if (!response.ok) return { ok: false, problem: 'server' };
	let body: DoorResponse;
	try {
		body = (await response.json()) as DoorResponse;
	} catch {
		return { ok: false, problem: 'server' };
	}
	const db = await database();
	await db.transaction('rw', db.doorRosters, async () => {
		const before = await db.doorRosters.get(eventId);
		await db.doorRosters.put({
			eventId,
			event: body.event,
			keys: body.keys,
			lines: body.lines,
			fetchedAt: body.fetchedAt,
			deleteAfter: rosterDeleteAfter(body.event.endsAt),
			door: before?.door ?? ''
		});
	});
	return { ok: true };
}

export async function setDoorName(eventId: string, door: string) {
	const db = await database();
	await db.doorRosters.update(eventId, { door: door.trim().slice(0, 40) });
}

/**
 * Marks a sign-up as let in: the mark (which flags a second scan on this phone at once) and the
 * mutation that tells the server, in one transaction. Sent at the next sync. A sign-up this phone
 * already let in (a double tap, two scans in the same moment) is not marked again: the earlier
 * mark comes back with `fresh: false`.
 */
export async function admitAtDoor(
	eventId: string,
	signupId: string,
	method: DoorMark['method'],
	now = Date.now()
): Promise<{ mark: DoorMark; fresh: boolean }> {
	const db = await database();
	const roster = await db.doorRosters.get(eventId);
	const mark: DoorMark = {
		id: crypto.randomUUID(),
		eventId,
		signupId,
		method,
		door: roster?.door ?? '',
		at: now
	};
	const payload: EventAdmit = {
		id: mark.id,
		eventId,
		signupId,
		method,
		at: now,
		door: mark.door
	};
	const earlier = await db.transaction('rw', db.doorMarks, db.outbox, db.syncMeta, async () => {
		const marked = await db.doorMarks.where('signupId').equals(signupId).first();
		if (marked) return marked;
		await db.doorMarks.add(mark);
		await queueMutation(db, { type: ADMIT, payload }, markKey(mark.id), now);
		return undefined;
	});
	if (earlier) return { mark: earlier, fresh: false };
	sync.afterLocalChange();
	return { mark, fresh: true };
}

/** Removes one event's roster copy and its marks from this phone (marks not sent stay queued). */
export async function deleteDoorRoster(eventId: string) {
	const db = await database();
	await db.transaction('rw', db.doorRosters, db.doorMarks, async () => {
		await db.doorRosters.delete(eventId);
		await db.doorMarks.where('eventId').equals(eventId).delete();
	});
}

/** Sign-out on this phone: the door's roster copies go (see the staff layout and sign-in page). */
export async function forgetDoorOnThisPhone() {
	await deleteDoorRosters(await database());
}
