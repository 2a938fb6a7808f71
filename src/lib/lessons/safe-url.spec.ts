import { describe, expect, it } from 'vitest';
import { assetUrl, lessonTarget, safeHref } from './safe-url';

describe('URLs in lessons', () => {
	it('links only to web pages, mail and phone numbers', () => {
		expect(safeHref('https://www.who.int/x')).toBe('https://www.who.int/x');
		expect(safeHref('tel:999')).toBe('tel:999');
		expect(safeHref('mailto:a@b.org')).toBe('mailto:a@b.org');
		for (const bad of [
			'javascript:alert(1)',
			' JavaScript:alert(1)',
			'data:text/html,x',
			'vbscript:x',
			'/relative',
			'//evil.example',
			'file:///etc/passwd',
			42,
			undefined
		]) {
			expect(safeHref(bad), String(bad)).toBeUndefined();
		}
	});

	it('shows pictures only from the pack itself', () => {
		expect(assetUrl('hygiene', 'assets/hands.svg')).toBe('/packs/hygiene/assets/hands.svg');
		for (const bad of [
			'assets/../../x.svg',
			'https://evil.example/a.png',
			'assets/a.html',
			'assets/',
			'/etc/passwd',
			'assets/a/b.png'
		]) {
			expect(assetUrl('hygiene', bad), bad).toBeUndefined();
		}
		expect(assetUrl('../admin', 'assets/a.png')).toBeUndefined();
	});

	it('builds lesson links from ids only', () => {
		expect(lessonTarget('hygiene', 'masks')).toEqual({ pack: 'hygiene', lesson: 'masks' });
		expect(lessonTarget('hygiene', 'cpr', 'first-response')).toEqual({
			pack: 'first-response',
			lesson: 'cpr'
		});
		expect(lessonTarget('hygiene', 'x/../../admin')).toBeUndefined();
		expect(lessonTarget('hygiene', 'ok', '../admin')).toBeUndefined();
	});
});
