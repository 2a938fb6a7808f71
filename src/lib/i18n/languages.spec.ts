import { describe, expect, it } from 'vitest';
import { matchLanguageTag, parseAcceptLanguage, pickLanguage } from './languages';

describe('language detection', () => {
	it.each([
		['zh-Hant-HK', 'zh-Hant'],
		['zh-Hans-HK', 'zh-Hans'],
		['zh-TW', 'zh-Hant'],
		['zh-HK', 'zh-Hant'],
		['zh-MO', 'zh-Hant'],
		['zh_TW', 'zh-Hant'],
		['zh-CN', 'zh-Hans'],
		['zh-SG', 'zh-Hans'],
		['zh', 'zh-Hans'],
		['yue-HK', 'zh-Hant'],
		['en-GB', 'en'],
		['EN', 'en']
	])('maps %s to %s', (tag, lang) => {
		expect(matchLanguageTag(tag)).toBe(lang);
	});

	it('does not claim languages it has no translation for', () => {
		expect(matchLanguageTag('fr-FR')).toBeUndefined();
	});

	it('takes the first supported language in preference order and falls back to English', () => {
		expect(pickLanguage(['fr', 'zh-TW', 'en'])).toBe('zh-Hant');
		expect(pickLanguage(['de', 'ja'])).toBe('en');
		expect(pickLanguage([])).toBe('en');
	});

	it('orders Accept-Language by quality, keeping header order for ties', () => {
		expect(parseAcceptLanguage('en;q=0.5, zh-TW, zh;q=0.8, fr;q=0')).toEqual(['zh-TW', 'zh', 'en']);
		expect(parseAcceptLanguage('*')).toEqual([]);
		expect(parseAcceptLanguage(null)).toEqual([]);
		expect(pickLanguage(parseAcceptLanguage('en;q=0.5, zh-TW'))).toBe('zh-Hant');
	});
});
