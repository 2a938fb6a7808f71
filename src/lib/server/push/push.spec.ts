import { describe, expect, it } from 'vitest';
import { isPrivateHost } from './http';
import { MAX_TITLE, payloadFor, pickText } from './notify';

describe('push endpoints the server will post to', () => {
	it('refuses this machine and private networks, accepts push services', () => {
		for (const host of [
			'localhost',
			'push.localhost',
			'printer.local',
			'127.0.0.1',
			'10.1.2.3',
			'172.16.0.1',
			'172.31.255.255',
			'192.168.1.1',
			'169.254.169.254',
			'100.64.0.1',
			'0.0.0.0',
			'[::1]',
			'[fd00::1]',
			'[fe80::1]',
			'[::ffff:127.0.0.1]'
		])
			expect(isPrivateHost(host), host).toBe(true);
		for (const host of [
			'fcm.googleapis.com',
			'updates.push.services.mozilla.com',
			'web.push.apple.com',
			'172.32.0.1',
			'8.8.8.8',
			'[2001:4860::1]'
		])
			expect(isPrivateHost(host), host).toBe(false);
	});
});

describe('the words a phone receives', () => {
	it('picks its language, else English, else any', () => {
		expect(pickText({ en: 'A', 'zh-Hant': '甲' }, 'zh-Hant')).toBe('甲');
		expect(pickText({ en: 'A', 'zh-Hant': '甲' }, 'zh-Hans')).toBe('A');
		expect(pickText({ 'zh-Hant': '甲' }, 'en')).toBe('甲');
		expect(pickText({ en: 'A', 'zh-Hans': '  ' }, 'zh-Hans')).toBe('A');
		expect(pickText({}, 'en')).toBe('');
	});

	it('carries the page, a sync flag and nothing else; long titles are cut', () => {
		const payload = payloadFor(
			{ title: { en: 'x'.repeat(300) }, body: { en: 'b' }, url: '/a/1', tag: 'a1' },
			'en'
		);
		expect(Object.keys(payload).sort()).toEqual(['body', 'sync', 'tag', 'title', 'url', 'v']);
		expect(payload.title).toHaveLength(MAX_TITLE);
		expect(payload).toMatchObject({ v: 1, body: 'b', url: '/a/1', tag: 'a1', sync: true });
	});
});
