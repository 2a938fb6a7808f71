import { describe, expect, it } from 'vitest';
import { prefsFromRequest } from '../../src/lib/server/prefs';
import { decodeRegionState, encodeRegionState } from '../../src/lib/domain/region';

function request(acceptLanguage: string, cookies: Record<string, string> = {}) {
	return prefsFromRequest(
		new Request('http://localhost/', { headers: { 'accept-language': acceptLanguage } }),
		{ get: (name: string) => cookies[name] }
	);
}

describe('the region a server-rendered page starts from', () => {
	it('asks a zh-Hant reader instead of assuming Taiwan', () => {
		expect(request('zh-Hant').region).toEqual({
			status: 'ambiguous',
			candidates: ['tw', 'hk', 'mo']
		});
	});

	it('guesses Hong Kong from zh-HK, and takes the chosen region from its cookie', () => {
		expect(request('zh-HK,zh;q=0.9').region).toMatchObject({ status: 'guessed', region: 'hk' });
		expect(request('zh-Hant', { linli_region: 'hk' }).region).toEqual({
			status: 'chosen',
			region: 'hk'
		});
	});

	it("ranks a neighbourhood's suggestion below the reader's choice and above a guess", () => {
		const hint = { linli_region_hint: 'mo:neighbourhood' };
		expect(request('zh-TW', hint).region).toEqual({
			status: 'suggested',
			region: 'mo',
			by: 'neighbourhood'
		});
		expect(request('zh-TW', { ...hint, linli_region: 'tw' }).region).toMatchObject({
			status: 'chosen'
		});
	});

	it('ignores cookies it did not write', () => {
		expect(
			request('zh-TW', { linli_region: 'atlantis', linli_region_hint: 'hk:friend' }).region
		).toMatchObject({ status: 'guessed', region: 'tw' });
	});

	it('hands the browser a state it reads back unchanged', () => {
		for (const header of ['zh-Hant', 'zh-HK', 'en', 'ja']) {
			const { region } = request(header);
			expect(decodeRegionState(encodeRegionState(region))).toEqual(region);
		}
	});
});
