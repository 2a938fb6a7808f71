import { describe, expect, it } from 'vitest';
import { joinCodeOf } from './follows';

describe('joinCodeOf', () => {
	it('takes the code from a pasted link, a path or a typed code', () => {
		expect(joinCodeOf('https://linli.example.org/n/abcd2345')).toBe('ABCD2345');
		expect(joinCodeOf('https://linli.example.org/n/ABCD2345?from=qr#top')).toBe('ABCD2345');
		expect(joinCodeOf('/n/abcd2345')).toBe('ABCD2345');
		expect(joinCodeOf(' abcd 2345 ')).toBe('ABCD2345');
		expect(joinCodeOf('ABCD-2345')).toBe('ABCD2345');
	});
});
