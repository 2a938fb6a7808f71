import { describe, expect, it } from 'vitest';
import { hoursValue, parseHours } from './hours';

describe('hours as organizers type them', () => {
	it('reads decimal hours and hours:minutes alike', () => {
		expect(parseHours('2.5')).toBe(150);
		expect(parseHours('2:30')).toBe(150);
		expect(parseHours('2,5')).toBe(150);
		expect(parseHours(' 3 ')).toBe(180);
		expect(parseHours('0:45')).toBe(45);
		expect(parseHours('.5')).toBe(30);
	});

	it('takes full-width digits and colons from a Chinese keyboard', () => {
		expect(parseHours('２：３０')).toBe(150);
		expect(parseHours('１．５')).toBe(90);
	});

	it('refuses what is not a number of hours, or more than a day', () => {
		for (const bad of ['', 'abc', '2h', '2:75', '-1', '25', '24:01', '1e2', '2.5.1'])
			expect(parseHours(bad), bad).toBeUndefined();
		expect(parseHours('24')).toBe(24 * 60);
	});

	it('shows minutes back as hours', () => {
		expect(hoursValue(150)).toBe('2.5');
		expect(hoursValue(45)).toBe('0.75');
		expect(hoursValue(180)).toBe('3');
	});
});
