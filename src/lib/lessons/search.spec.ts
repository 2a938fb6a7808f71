import { describe, expect, it } from 'vitest';
import type { CompiledPackLanguage, PackMeta } from '$shared/lesson';
import { LessonIndex } from './search';
import { tokenize } from './tokenize';
import { phoneText, type PhoneWords } from './phone-text';
import { regionFromLanguages } from '$domain/region';

const meta = (id: string): PackMeta => ({
	schemaVersion: 1,
	id,
	version: '1.0.0',
	title: { en: id, 'zh-Hant': id, 'zh-Hans': id },
	description: {},
	languages: ['en', 'zh-Hant', 'zh-Hans'],
	publisher: { name: 't' },
	license: 'CC0-1.0',
	tags: [],
	audience: [],
	sources: [],
	changelog: [],
	lessons: [],
	hash: 'h',
	gzipBytes: 0
});

function content(
	lang: CompiledPackLanguage['lang'],
	lessons: [string, string, string][]
): CompiledPackLanguage {
	return {
		schemaVersion: 1,
		packId: 'hygiene',
		version: '1.0.0',
		lang,
		lessons: lessons.map(([id, title, text], i) => ({
			id,
			order: i + 1,
			minutes: 3,
			title,
			summary: '',
			blocks: [],
			text
		}))
	};
}

describe('offline lesson search', () => {
	it('cuts Chinese into characters and neighbouring pairs', () => {
		expect(tokenize('洗手液')).toEqual(['洗', '手', '液', '洗手', '手液']);
		expect(tokenize('洗手液', { forQuery: true })).toEqual(['洗手', '手液']);
		expect(tokenize('Wear a MASK, 戴口罩')).toEqual([
			'wear',
			'a',
			'mask',
			'戴',
			'口',
			'罩',
			'戴口',
			'口罩'
		]);
	});

	it('finds Chinese words with no spaces between them, in Traditional and Simplified', () => {
		const hant = new LessonIndex(
			[
				{
					meta: meta('hygiene'),
					content: content('zh-Hant', [
						['handwashing', '洗手，一步一步來', '用肥皂洗手至少二十秒。'],
						['masks', '口罩：怎麼選、怎麼戴', '戴口罩前先洗手。選擇醫用口罩。'],
						['earthquake', '地震時怎麼辦', '趴下、掩護、穩住。']
					])
				}
			],
			'zh-Hant'
		);
		expect(hant.search('口罩').map((h) => h.lessonId)).toEqual(['masks']);
		expect(
			hant
				.search('洗手')
				.map((h) => h.lessonId)
				.sort()
		).toEqual(['handwashing', 'masks']);
		expect(hant.search('洗手')[0]?.lessonId).toBe('handwashing'); // the title match ranks first
		expect(hant.search('手罩')).toEqual([]); // characters present, but not side by side
		expect(hant.search('震').map((h) => h.lessonId)).toEqual(['earthquake']);

		const hans = new LessonIndex(
			[
				{
					meta: meta('hygiene'),
					content: content('zh-Hans', [['masks', '口罩：怎么选、怎么戴', '戴口罩前先洗手。']])
				}
			],
			'zh-Hans'
		);
		expect(hans.search('口罩').map((h) => h.lessonId)).toEqual(['masks']);
	});

	it('finds English words by prefix and forgives a typo', () => {
		const en = new LessonIndex(
			[
				{
					meta: meta('hygiene'),
					content: content('en', [
						['masks', 'Masks: choose, wear, dispose', 'Wear a medical mask when you are unwell.'],
						['cpr', 'Hands-only CPR', 'Push hard and fast in the centre of the chest.']
					])
				}
			],
			'en'
		);
		expect(en.search('mask').map((h) => h.lessonId)).toEqual(['masks']);
		expect(en.search('chst').map((h) => h.lessonId)).toEqual([]);
		expect(en.search('centre chest').map((h) => h.lessonId)).toEqual(['cpr']);
		expect(en.search('medicel').map((h) => h.lessonId)).toEqual(['masks']);
		expect(en.search('   ')).toEqual([]);
		expect(en.search('mask')[0]?.snippet).toContain('mask');
	});

	it("fills emergency numbers with the reader's region: 999 finds the lesson, and the snippet shows it", () => {
		const text = '叫救護車，請撥打{{ambulance}}。發生火災時撥打{{fire}}。';
		const packs = [
			{
				meta: meta('first-response'),
				content: content('zh-Hant', [
					['calling-for-help', '如何求救', text],
					['masks', '口罩', '戴口罩前先洗手。']
				])
			}
		];
		const hongKong = new LessonIndex(packs, 'zh-Hant', () => '999');
		const [hit] = hongKong.search('999');
		expect(hit?.lessonId).toBe('calling-for-help');
		expect(hit?.snippet).toContain('請撥打999');
		expect(hit?.snippet).not.toContain('{{');
		expect(hongKong.search('119')).toEqual([]);
		// Without a filler the placeholders are not searchable words.
		expect(new LessonIndex(packs, 'zh-Hant').search('ambulance')).toEqual([]);
	});
});

describe('emergency numbers as text', () => {
	const words: PhoneWords = {
		or: '或',
		regions: (regions) => `（${regions.join('、')}）`,
		unknown: '當地的緊急電話'
	};

	it("reads the reader's number once the region is known", () => {
		expect(phoneText({ status: 'chosen', region: 'hk' }, 'ambulance', words)).toBe('999');
		expect(phoneText(regionFromLanguages(['zh-TW']), 'police', words)).toBe('110');
	});

	it('names the region of each number while the region is ambiguous', () => {
		expect(phoneText(regionFromLanguages(['zh-Hant']), 'ambulance', words)).toBe(
			'119（tw）或999（hk、mo）'
		);
	});

	it('says "your local number" when nothing is known', () => {
		expect(phoneText({ status: 'unknown' }, 'fire', words)).toBe('當地的緊急電話');
		expect(phoneText({ status: 'chosen', region: 'other' }, 'fire', words)).toBe('當地的緊急電話');
	});
});
