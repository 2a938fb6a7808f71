/**
 * Checking people in at the door (issue 13), as pure rules: what an organizer's phone decides
 * when a ticket is scanned or a name is picked, from the roster it loaded while online and the
 * admissions it has marked since. No network, no clock of its own: the caller passes both.
 *
 * The signature is checked before this (shared/tickets.ts `verifyTicket`); these rules judge a
 * genuine ticket against the roster: a cancelled sign-up is refused, one this phone already let in
 * is flagged at once, one another door let in before the roster was loaded is flagged too. Two
 * doors offline at once cannot know of each other: the server keeps both marks and lists the
 * ticket as admitted twice after sync (server/events/roster.ts).
 */
import type { TicketCheck } from '../shared/tickets';

/** How long after an event's end a door's roster copy stays on the phone. */
export const DOOR_ROSTER_KEEP_MS = 12 * 60 * 60 * 1000;

/** One sign-up as the door sees it (GET /api/events/<id>/door): no building, unit or contact. */
export interface DoorLine {
	id: string;
	name: string;
	roleId: string;
	partySize: number;
	status: 'confirmed' | 'cancelled';
	/** Let in, as the server knew when the roster was loaded. */
	present: boolean;
	/** Admissions the server holds (2 or more: two doors let the same ticket in). */
	admissions: number;
	/** The doors that let them in, as the organizers' phones named them ('' for none). */
	doors: string[];
}

/** An admission marked on this phone (kept with the roster; sent as an `event.admit` mutation). */
export interface DoorMark {
	id: string;
	eventId: string;
	signupId: string;
	method: 'scan' | 'name';
	door: string;
	at: number;
}

export type DoorRefusal =
	/** Not a Linli ticket, or a piece of one. */
	| 'malformed'
	/** Signed by a key this phone does not hold: reload the roster while online. */
	| 'unknown_key'
	/** The signature fails: changed, even by one character. */
	| 'forged'
	/** A genuine ticket for another event. */
	| 'other_event'
	/** Genuine, but the sign-up is not on this phone's roster (made after it was loaded). */
	| 'not_on_roster'
	/** The sign-up was cancelled. */
	| 'cancelled';

export type DoorDecision =
	| { kind: 'admit'; line: DoorLine }
	/** Let in already: on this phone (`mark`) or, before the roster was loaded, by a door. */
	| { kind: 'again'; line: DoorLine; mark?: DoorMark }
	| { kind: 'refuse'; reason: DoorRefusal; line?: DoorLine };

/** The decision for a sign-up picked from the roster (by name, or by a ticket that checked out). */
export function decideLine(line: DoorLine, marks: readonly DoorMark[]): DoorDecision {
	if (line.status === 'cancelled') return { kind: 'refuse', reason: 'cancelled', line };
	const mark = earliestMark(marks, line.id);
	if (mark) return { kind: 'again', line, mark };
	if (line.present) return { kind: 'again', line };
	return { kind: 'admit', line };
}

/** The decision for a scanned ticket, once its signature has been checked. */
export function decideTicket(
	check: TicketCheck,
	lines: readonly DoorLine[],
	marks: readonly DoorMark[]
): DoorDecision {
	if (!check.ok) return { kind: 'refuse', reason: check.reason };
	const line = lines.find((l) => l.id === check.claims.signupId);
	if (!line) return { kind: 'refuse', reason: 'not_on_roster' };
	return decideLine(line, marks);
}

function earliestMark(marks: readonly DoorMark[], signupId: string): DoorMark | undefined {
	let first: DoorMark | undefined;
	for (const mark of marks) {
		if (mark.signupId === signupId && (!first || mark.at < first.at)) first = mark;
	}
	return first;
}

/** Whether a sign-up counts as in: the server said so, or this phone let it in since. */
export function isIn(line: DoorLine, marks: readonly DoorMark[]): boolean {
	return line.present || marks.some((m) => m.signupId === line.id);
}

export interface DoorCounts {
	/** People (party sizes added up) expected: confirmed sign-ups. */
	expected: number;
	/** People let in, by the server's count at loading plus this phone's marks since. */
	inside: number;
	/** Confirmed sign-ups (parties) not yet in. */
	waiting: number;
}

export function doorCounts(lines: readonly DoorLine[], marks: readonly DoorMark[]): DoorCounts {
	let expected = 0;
	let inside = 0;
	let waiting = 0;
	for (const line of lines) {
		if (line.status !== 'confirmed') continue;
		expected += line.partySize;
		if (isIn(line, marks)) inside += line.partySize;
		else waiting++;
	}
	return { expected, inside, waiting };
}

/**
 * Roster lines whose name matches what the organizer typed: every word of the query somewhere
 * in the name, ignoring case, width (full-width letters) and spaces between CJK characters.
 * Confirmed before cancelled, then by name. An empty query lists nobody (the list is for search).
 */
export function searchLines(lines: readonly DoorLine[], query: string, limit = 20): DoorLine[] {
	const words = fold(query).split(/\s+/).filter(Boolean);
	if (!words.length) return [];
	return lines
		.filter((line) => {
			const name = fold(line.name);
			const compact = name.replace(/\s+/g, '');
			return words.every((w) => name.includes(w) || compact.includes(w));
		})
		.sort(
			(a, b) =>
				Number(a.status === 'cancelled') - Number(b.status === 'cancelled') ||
				a.name.localeCompare(b.name)
		)
		.slice(0, limit);
}

const fold = (text: string) => text.normalize('NFKC').toLowerCase().trim();

/** When a roster copy must leave the phone: 12 hours after the event ends. */
export const rosterDeleteAfter = (endsAt: number) => endsAt + DOOR_ROSTER_KEEP_MS;

/** Sign-ups the server lists as let in more than once (after sync: two doors, one ticket). */
export const admittedTwice = <T extends { admissions: number }>(lines: readonly T[]): T[] =>
	lines.filter((l) => l.admissions > 1);
