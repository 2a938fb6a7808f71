import { describe, expect, it } from 'vitest';
import { chooseWindow, notificationUrl } from './target';

const origin = 'https://linli.example';

describe('the page a tapped notification opens', () => {
	it('keeps a path of this app, refuses other origins and junk', () => {
		expect(notificationUrl({ url: '/announcements/a1' }, origin)).toBe(
			'https://linli.example/announcements/a1'
		);
		expect(notificationUrl({ url: 'https://linli.example/tasks?x=1' }, origin)).toBe(
			'https://linli.example/tasks?x=1'
		);
		expect(notificationUrl({ url: 'https://evil.example/phish' }, origin)).toBe(
			'https://linli.example/'
		);
		expect(notificationUrl({ url: '//evil.example/x' }, origin)).toBe('https://linli.example/');
		expect(notificationUrl({ url: 'javascript:alert(1)' }, origin)).toBe('https://linli.example/');
		expect(notificationUrl({ url: 42 }, origin)).toBe('https://linli.example/');
		expect(notificationUrl(null, origin)).toBe('https://linli.example/');
	});

	it('focuses a window already on the page', () => {
		const windows = [
			{ url: 'https://linli.example/', focused: true },
			{ url: 'https://linli.example/announcements/a1', focused: false }
		];
		expect(chooseWindow(windows, { url: '/announcements/a1' }, origin)).toEqual({
			action: 'focus',
			index: 1,
			url: 'https://linli.example/announcements/a1'
		});
	});

	it('takes the focused app window (else the first) to the page', () => {
		const windows = [
			{ url: 'https://linli.example/lessons', focused: false },
			{ url: 'https://linli.example/settings', focused: true }
		];
		expect(chooseWindow(windows, { url: '/tasks' }, origin)).toEqual({
			action: 'navigate',
			index: 1,
			url: 'https://linli.example/tasks'
		});
		expect(
			chooseWindow(
				[{ url: 'https://linli.example/lessons', focused: false }],
				{ url: '/tasks' },
				origin
			)
		).toMatchObject({ action: 'navigate', index: 0 });
	});

	it('opens a new window when the app has none', () => {
		expect(chooseWindow([], { url: '/tasks' }, origin)).toEqual({
			action: 'open',
			url: 'https://linli.example/tasks'
		});
		expect(
			chooseWindow([{ url: 'https://other.example/', focused: true }], { url: '/tasks' }, origin)
		).toEqual({ action: 'open', url: 'https://linli.example/tasks' });
	});
});
