import { describe, expect, it } from 'vitest';
import {
	fromLocal,
	isTimeZone,
	localDate,
	localDateTime,
	offsetMinutes,
	toDateTimeLocal
} from './time-zone';

const TAIPEI_0110 = Date.UTC(2026, 10, 29, 17, 10); // 2026-11-30 01:10 in Taipei

describe('wall-clock time in a named zone', () => {
	it('writes a moment as the neighbourhood reads it, not as UTC', () => {
		expect(localDateTime(TAIPEI_0110, 'Asia/Taipei')).toBe('2026-11-30 01:10');
		expect(localDateTime(TAIPEI_0110, 'UTC')).toBe('2026-11-29 17:10');
		expect(localDate(TAIPEI_0110, 'Asia/Hong_Kong')).toBe('2026-11-30');
		expect(toDateTimeLocal(TAIPEI_0110, 'Asia/Shanghai')).toBe('2026-11-30T01:10');
	});

	it('reads a typed wall-clock time back to the same moment', () => {
		const wall = { year: 2026, month: 11, day: 30, hour: 1, minute: 10 };
		expect(fromLocal(wall, 'Asia/Taipei')).toBe(TAIPEI_0110);
		expect(fromLocal(wall, 'UTC')).toBe(Date.UTC(2026, 10, 30, 1, 10));
		expect(offsetMinutes(TAIPEI_0110, 'Asia/Taipei')).toBe(480);
	});

	it('settles the offset across a daylight-saving change (a zone the app may one day serve)', () => {
		// 2026-03-29 in London: clocks go from 01:00 GMT to 02:00 BST.
		const before = fromLocal(
			{ year: 2026, month: 3, day: 29, hour: 0, minute: 30 },
			'Europe/London'
		);
		const after = fromLocal({ year: 2026, month: 3, day: 29, hour: 3, minute: 0 }, 'Europe/London');
		expect(new Date(before).toISOString()).toBe('2026-03-29T00:30:00.000Z');
		expect(new Date(after).toISOString()).toBe('2026-03-29T02:00:00.000Z');
	});

	it('knows a time zone name from a typo', () => {
		expect(isTimeZone('Asia/Taipei')).toBe(true);
		expect(isTimeZone('Asia/Taipie')).toBe(false);
		expect(isTimeZone('')).toBe(false);
	});
});
