import { describe, expect, it } from 'vitest';
import { reword, rewordingFor, rewordPerLang } from './regional';

describe('regional wording', () => {
	const hk = rewordingFor('zh-Hant', 'hk');

	it("gives Hong Kong and Macau readers their own words for Taiwan's", () => {
		expect(hk('報名做志工，需要網路連線')).toBe('報名做義工，需要網絡連線');
		expect(rewordingFor('zh-Hant', 'mo')('準備緊急避難包和手電筒')).toBe('準備應急包和電筒');
	});

	it('swaps a long term whole, never a short one inside it', () => {
		expect(hk('用酒精乾洗手液，或乾洗手')).toBe('用酒精搓手液，或搓手液');
		expect(hk('往下壓 5 至 6 公分；30 公分深的流水')).toBe('往下壓 5 至 6 厘米；30 厘米深的流水');
		expect(hk('至少 1 公尺')).toBe('至少 1 米');
		expect(hk('自動體外心臟電擊去顫器（AED）')).toBe('自動心臟除顫器（AED）');
	});

	it('leaves other regions and other languages alone', () => {
		for (const [lang, region] of [
			['zh-Hant', 'tw'],
			['zh-Hant', 'other'],
			['zh-Hans', 'hk'],
			['en', 'hk']
		] as const) {
			expect(rewordingFor(lang, region)('志工 網路 公分')).toBe('志工 網路 公分');
		}
	});

	it('rewords reader-facing text in a lesson but never its ids or addresses', () => {
		const lesson = {
			id: '志工',
			title: '淹水與停電',
			blocks: [
				{ t: 'p', c: [{ t: 'text', v: '流水只要 15 公分深' }] },
				{ t: 'link', href: 'https://example.org/網路', c: [{ t: 'text', v: '網路' }] },
				{ t: 'img', src: 'images/網路.svg', alt: '網路' }
			]
		};
		expect(reword(lesson, hk)).toEqual({
			id: '志工',
			title: '水浸與停電',
			blocks: [
				{ t: 'p', c: [{ t: 'text', v: '流水只要 15 厘米深' }] },
				{ t: 'link', href: 'https://example.org/網路', c: [{ t: 'text', v: '網絡' }] },
				{ t: 'img', src: 'images/網路.svg', alt: '網絡' }
			]
		});
		expect(lesson.title).toBe('淹水與停電'); // a copy: the cached pack is untouched
	});

	it('rewords only the Traditional Chinese of per-language texts', () => {
		const meta = { title: { en: 'Floods', 'zh-Hant': '淹水', 'zh-Hans': '淹水' } };
		expect(rewordPerLang(meta, 'hk')).toEqual({
			title: { en: 'Floods', 'zh-Hant': '水浸', 'zh-Hans': '淹水' }
		});
		expect(rewordPerLang(meta, 'tw')).toBe(meta);
	});
});
