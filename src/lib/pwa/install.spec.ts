import { describe, expect, it } from 'vitest';
import { installMethod, isIos } from './install';

const IPHONE =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const IPAD_AS_MAC =
	'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const ANDROID =
	'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

const base = { maxTouchPoints: 5, standalone: false, hasPrompt: false };

describe('how the app can be put on the home screen', () => {
	it("uses the browser's own prompt where the browser offered one", () => {
		expect(installMethod({ ...base, userAgent: ANDROID, hasPrompt: true })).toBe('prompt');
	});

	it('shows the Share → Add to Home Screen pictures on an iPhone, and on an iPad that says it is a Mac', () => {
		expect(installMethod({ ...base, userAgent: IPHONE })).toBe('ios');
		expect(installMethod({ ...base, userAgent: IPAD_AS_MAC })).toBe('ios');
		expect(isIos(IPAD_AS_MAC, 0)).toBe(false); // a real Mac has no touch screen
	});

	it('offers nothing where the browser gave no way (or no prompt yet), and nothing once installed', () => {
		expect(installMethod({ ...base, userAgent: ANDROID })).toBe('none');
		expect(installMethod({ ...base, userAgent: IPHONE, standalone: true })).toBe('none');
		expect(installMethod({ ...base, userAgent: ANDROID, hasPrompt: true, standalone: true })).toBe(
			'none'
		);
	});
});
