import { describe, expect, it } from 'vitest';
import {
	callButtons,
	decodeRegionState,
	encodeRegionState,
	likelyRegions,
	numberChoices,
	otherRegions,
	regionFromLanguages,
	regionOf,
	resolveRegion,
	type RegionState
} from './region';

describe('where the region comes from', () => {
	it('never turns a script alone into a region', () => {
		expect(regionFromLanguages(['zh-Hant'])).toEqual({
			status: 'ambiguous',
			candidates: ['tw', 'hk', 'mo']
		});
		expect(regionFromLanguages(['zh-Hans'])).toEqual({
			status: 'ambiguous',
			candidates: ['cn', 'sg']
		});
		expect(regionFromLanguages(['zh'])).toMatchObject({ status: 'ambiguous' });
		expect(regionFromLanguages(['yue'])).toEqual({ status: 'ambiguous', candidates: ['hk', 'mo'] });
		expect(regionOf(regionFromLanguages(['zh-Hant']))).toBeUndefined();
	});

	it('guesses from a country subtag, whatever the language', () => {
		for (const [tags, region] of [
			[['zh-HK'], 'hk'],
			[['zh-Hant-HK'], 'hk'],
			[['yue-HK'], 'hk'],
			[['en-HK'], 'hk'],
			[['zh_TW'], 'tw'],
			[['zh-Hant-MO'], 'mo'],
			[['en-GB'], 'uk'],
			[['en-US'], 'na'],
			[['fr-FR'], 'eu'],
			[['ja'], 'jp']
		] as const) {
			expect(regionFromLanguages(tags), tags.join()).toMatchObject({ status: 'guessed', region });
		}
	});

	it('lets a later country narrow an ambiguous script, or join its candidates, never overrule it', () => {
		expect(regionFromLanguages(['zh-Hant', 'zh-TW'])).toEqual({
			status: 'guessed',
			region: 'tw',
			candidates: ['tw', 'hk', 'mo']
		});
		expect(regionFromLanguages(['zh-Hant', 'en-GB'])).toEqual({
			status: 'ambiguous',
			candidates: ['tw', 'hk', 'mo', 'uk']
		});
		// The first tag that names a country decides.
		expect(regionFromLanguages(['en-US', 'zh-Hant'])).toMatchObject({ region: 'na' });
	});

	it('knows nothing from a language read everywhere, or from nothing', () => {
		expect(regionFromLanguages(['en'])).toEqual({ status: 'unknown' });
		expect(regionFromLanguages(['de', 'fr'])).toEqual({ status: 'unknown' });
		expect(regionFromLanguages([])).toEqual({ status: 'unknown' });
	});

	it('puts what the reader chose above a neighbourhood, and a neighbourhood above a guess', () => {
		const languages = ['zh-TW'];
		expect(
			resolveRegion({
				chosen: 'hk',
				suggested: { region: 'mo', by: 'neighbourhood' },
				languages
			})
		).toEqual({ status: 'chosen', region: 'hk' });
		expect(resolveRegion({ suggested: { region: 'mo', by: 'neighbourhood' }, languages })).toEqual({
			status: 'suggested',
			region: 'mo',
			by: 'neighbourhood'
		});
		expect(resolveRegion({ languages })).toMatchObject({ status: 'guessed', region: 'tw' });
	});
});

describe('what the reader is offered', () => {
	it('offers the likely regions first and every other region after them', () => {
		const ambiguous = regionFromLanguages(['zh-Hant']);
		expect(likelyRegions(ambiguous)).toEqual(['tw', 'hk', 'mo']);
		expect(otherRegions(likelyRegions(ambiguous))).toEqual([
			'cn',
			'sg',
			'jp',
			'eu',
			'uk',
			'na',
			'other'
		]);
		expect(likelyRegions(regionFromLanguages(['zh-Hant', 'zh-HK']))[0]).toBe('hk');
		expect(likelyRegions({ status: 'unknown' })).toEqual([]);
	});

	it("shows one region's number only once it is known, and each candidate's while it is not", () => {
		expect(numberChoices({ status: 'chosen', region: 'hk' }, 'ambulance')).toEqual([
			{ number: '999', regions: ['hk'] }
		]);
		expect(numberChoices(regionFromLanguages(['zh-Hant']), 'ambulance')).toEqual([
			{ number: '119', regions: ['tw'] },
			{ number: '999', regions: ['hk', 'mo'] }
		]);
		expect(numberChoices({ status: 'unknown' }, 'fire')).toEqual([]);
		expect(numberChoices({ status: 'chosen', region: 'other' }, 'fire')).toEqual([]);
	});

	it('gives one call button per distinct number', () => {
		expect(callButtons('hk')).toEqual([
			{ number: '999', services: ['ambulance', 'fire', 'police'] }
		]);
		expect(callButtons('tw')).toEqual([
			{ number: '119', services: ['ambulance', 'fire'] },
			{ number: '110', services: ['police'] }
		]);
		expect(callButtons('cn').map((b) => b.number)).toEqual(['120', '119', '110']);
		expect(callButtons('other')).toEqual([]);
		expect(callButtons(undefined)).toEqual([]);
	});
});

describe('handing the state from the server to the browser', () => {
	it('reads back exactly what it wrote', () => {
		const states: RegionState[] = [
			{ status: 'chosen', region: 'hk' },
			{ status: 'suggested', region: 'mo', by: 'neighbourhood' },
			{ status: 'guessed', region: 'tw', candidates: ['tw', 'hk', 'mo'] },
			{ status: 'ambiguous', candidates: ['tw', 'hk', 'mo'] },
			{ status: 'unknown' }
		];
		for (const state of states) expect(decodeRegionState(encodeRegionState(state))).toEqual(state);
	});

	it('ignores anything it did not write', () => {
		for (const value of [
			'',
			null,
			'chosen:xx',
			'ambiguous:hk',
			'ambiguous:hk,zz',
			'guessed:hk:',
			'suggested:hk:friend',
			'unknown:x',
			'nonsense'
		]) {
			expect(decodeRegionState(value), String(value)).toBeUndefined();
		}
	});
});
