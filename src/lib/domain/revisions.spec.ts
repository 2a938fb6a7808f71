import { describe, expect, it } from 'vitest';
import type { PackChange } from '$shared/lesson';
import {
	lessonRevisions,
	openedVersionAfterVisit,
	pendingRevisions,
	resultCounts,
	withSeenVersion
} from './revisions';

const smoke = {
	en: 'Stay in if the corridor is full of smoke.',
	'zh-Hant': '走廊滿是濃煙時，留在屋內。'
};
const oil = { en: 'A pan of oil on fire: lid on, never water.' };
const changelog: PackChange[] = [
	{
		version: '1.2.0',
		date: '2026-12-10',
		notes: { en: 'Oil fires.' },
		revised: [{ lesson: 'home-fire', notes: oil }]
	},
	{
		version: '1.1.0',
		date: '2026-11-29',
		notes: { en: 'Smoke.' },
		revised: [{ lesson: 'home-fire', notes: smoke }]
	},
	{ version: '1.0.1', date: '2026-11-20', notes: { en: 'Typos.' } },
	{ version: '1.0.0', date: '2026-11-01', notes: { en: 'First.' } }
];

describe('revised lessons', () => {
	it("lists a lesson's revisions newest first, and none for others", () => {
		expect(lessonRevisions(changelog, 'home-fire').map((r) => r.version)).toEqual([
			'1.2.0',
			'1.1.0'
		]);
		expect(lessonRevisions(changelog, 'earthquake')).toEqual([]);
	});

	it('tells a reader who opened the lesson before a revision, and nobody else', () => {
		expect(pendingRevisions(changelog, 'home-fire', { openedVersion: '1.0.0' })).toHaveLength(2);
		expect(pendingRevisions(changelog, 'home-fire', { openedVersion: '1.1.0' })).toEqual([
			{ version: '1.2.0', notes: oil }
		]);
		expect(pendingRevisions(changelog, 'home-fire', { openedVersion: '1.2.0' })).toEqual([]);
		// Never opened: nothing to unlearn.
		expect(pendingRevisions(changelog, 'home-fire', undefined)).toEqual([]);
		// Opened before the phone kept versions: before every revision.
		expect(pendingRevisions(changelog, 'home-fire', {})).toHaveLength(2);
		expect(pendingRevisions(changelog, 'earthquake', {})).toEqual([]);
	});

	it('stops counting a quiz result recorded before the newest revision', () => {
		expect(resultCounts(changelog, 'home-fire', { packVersion: '1.0.1' })).toBe(false);
		expect(resultCounts(changelog, 'home-fire', { packVersion: '1.1.0' })).toBe(false);
		expect(resultCounts(changelog, 'home-fire', { packVersion: '1.2.0' })).toBe(true);
		expect(resultCounts(changelog, 'home-fire', {})).toBe(false);
		// A lesson never revised keeps every result, old ones included.
		expect(resultCounts(changelog, 'earthquake', {})).toBe(true);
	});

	it('holds the opened version back while a notice is pending, and moves it on otherwise', () => {
		expect(openedVersionAfterVisit(changelog, 'home-fire', undefined, '1.2.0')).toBe('1.2.0');
		expect(
			openedVersionAfterVisit(changelog, 'home-fire', { openedVersion: '1.0.0' }, '1.2.0')
		).toBe('1.0.0');
		expect(openedVersionAfterVisit(changelog, 'home-fire', {}, '1.2.0')).toBeUndefined();
		expect(openedVersionAfterVisit(changelog, 'earthquake', {}, '1.2.0')).toBe('1.2.0');
	});

	it('ignores versions a tampered pack spells wrongly', () => {
		const odd: PackChange[] = [
			{
				version: 'soon',
				date: '2026-12-01',
				notes: {},
				revised: [{ lesson: 'home-fire', notes: smoke }]
			}
		];
		expect(lessonRevisions(odd, 'home-fire')).toEqual([]);
		expect(pendingRevisions(odd, 'home-fire', { openedVersion: '1.0.0' })).toEqual([]);
	});

	it('keeps each version a phone has seen once, in order', () => {
		expect(withSeenVersion([], '1.0.0')).toEqual(['1.0.0']);
		expect(withSeenVersion(['1.0.0', '1.2.0'], '1.1.0')).toEqual(['1.0.0', '1.1.0', '1.2.0']);
		expect(withSeenVersion(['1.0.0'], '1.0.0')).toEqual(['1.0.0']);
		expect(withSeenVersion(['1.0.0'], 'x')).toEqual(['1.0.0']);
	});
});
