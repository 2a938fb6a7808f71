import { describe, expect, it } from 'vitest';
import {
	admittedTwice,
	decideLine,
	decideTicket,
	doorCounts,
	isIn,
	rosterDeleteAfter,
	searchLines,
	type DoorLine,
	type DoorMark
} from './door';

const line = (over: Partial<DoorLine> & { id: string }): DoorLine => ({
	name: 'Chan Tai Man',
	roleId: 'choir',
	partySize: 1,
	status: 'confirmed',
	present: false,
	admissions: 0,
	doors: [],
	...over
});
const mark = (signupId: string, at: number): DoorMark => ({
	id: `m-${signupId}-${at}`,
	eventId: 'e1',
	signupId,
	method: 'scan',
	door: 'North',
	at
});
const claims = (signupId: string) => ({
	eventId: 'e1',
	signupId,
	roleId: 'choir',
	partySize: 1
});

describe('the door decides', () => {
	const lines = [
		line({ id: 's1', name: 'Chan Tai Man', partySize: 2 }),
		line({ id: 's2', name: '王小明', status: 'cancelled' }),
		line({ id: 's3', name: 'Lee Mei', present: true, admissions: 1, doors: ['South'] })
	];

	it('lets in a genuine ticket on the roster, once', () => {
		expect(decideTicket({ ok: true, claims: claims('s1') }, lines, [])).toEqual({
			kind: 'admit',
			line: lines[0]
		});
		const earlier = [mark('s1', 20), mark('s1', 10)];
		const again = decideTicket({ ok: true, claims: claims('s1') }, lines, earlier);
		expect(again).toMatchObject({ kind: 'again', mark: { at: 10 } });
	});

	it('flags a ticket another door let in before the roster was loaded', () => {
		const result = decideTicket({ ok: true, claims: claims('s3') }, lines, []);
		expect(result.kind).toBe('again');
		expect(result).not.toHaveProperty('mark');
	});

	it('refuses cancelled sign-ups, tickets not on the roster and every failed check', () => {
		expect(decideTicket({ ok: true, claims: claims('s2') }, lines, [])).toMatchObject({
			kind: 'refuse',
			reason: 'cancelled'
		});
		expect(decideTicket({ ok: true, claims: claims('nobody') }, lines, [])).toEqual({
			kind: 'refuse',
			reason: 'not_on_roster'
		});
		for (const reason of ['malformed', 'unknown_key', 'forged', 'other_event'] as const) {
			expect(decideTicket({ ok: false, reason }, lines, [])).toEqual({ kind: 'refuse', reason });
		}
		// A cancelled sign-up stays refused even if it was marked before it was cancelled.
		expect(decideLine(lines[1]!, [mark('s2', 1)])).toMatchObject({ reason: 'cancelled' });
	});

	it('counts people in from the server and from this phone, parties as their size', () => {
		expect(doorCounts(lines, [])).toEqual({ expected: 3, inside: 1, waiting: 1 });
		expect(doorCounts(lines, [mark('s1', 5)])).toEqual({ expected: 3, inside: 3, waiting: 0 });
		expect(isIn(lines[0]!, [mark('s1', 5)])).toBe(true);
		expect(isIn(lines[0]!, [mark('s3', 5)])).toBe(false);
	});

	it('finds names by every word, ignoring case, width and CJK spacing', () => {
		expect(searchLines(lines, 'tai chan').map((l) => l.id)).toEqual(['s1']);
		expect(searchLines(lines, 'ＣＨＡＮ').map((l) => l.id)).toEqual(['s1']);
		expect(searchLines(lines, '王 小明').map((l) => l.id)).toEqual(['s2']);
		expect(searchLines(lines, '   ')).toEqual([]);
		expect(searchLines(lines, 'zzz')).toEqual([]);
		// Confirmed first, cancelled last.
		const both = [
			line({ id: 'a', name: 'Ann', status: 'cancelled' }),
			line({ id: 'b', name: 'Anna' })
		];
		expect(searchLines(both, 'ann').map((l) => l.id)).toEqual(['b', 'a']);
	});

	it('keeps the roster 12 hours after the end and lists tickets let in twice', () => {
		expect(rosterDeleteAfter(1_000)).toBe(1_000 + 12 * 3600 * 1000);
		const twice = line({ id: 't', admissions: 2, doors: ['North', 'South'] });
		expect(admittedTwice([...lines, twice])).toEqual([twice]);
	});
});
