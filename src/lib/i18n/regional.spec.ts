import { describe, expect, it } from 'vitest';
import { reword, rewordingFor, rewordPerLang, regionalWords } from './regional';

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

	it('uses the standard 臥 of Taiwan and Hong Kong, never the simplified 卧', () => {
		expect(hk('讓他側躺成復甦姿勢')).toBe('讓他側躺成復原臥式');
		for (const [, to] of regionalWords('hk')) expect(to).not.toContain('卧');
	});

	it('gives Hong Kong words for the Taiwan words the lessons use', () => {
		expect(hk('開啟手機擴音，空出雙手')).toBe('開啟手機免提，空出雙手');
		expect(hk('聞到瓦斯味時，關閉瓦斯總開關')).toBe('聞到煤氣味時，關閉煤氣總開關');
		expect(hk('準備卡式瓦斯爐和備用瓦斯罐')).toBe('準備卡式爐和備用氣罐');
		expect(hk('戴上拋棄式手套；拋棄式口罩只能用一次')).toBe('戴上即棄手套；即棄口罩只能用一次');
		expect(hk('把一層保鮮膜輕輕鋪在傷處上')).toBe('把一層保鮮紙輕輕鋪在傷處上');
		expect(hk('用面紙遮住口鼻')).toBe('用紙巾遮住口鼻');
		expect(hk('先判斷：心跳停止了嗎？')).toBe('先判斷：心臟驟停了嗎？');
		expect(hk('交替做 5 下背部拍擊和 5 下腹部推壓')).toBe('交替做 5 下拍背和 5 下腹部衝擊');
		expect(hk('為嬰兒做 5 下胸部推壓')).toBe('為嬰兒做 5 下胸部衝擊');
	});

	it('keeps the words whose Hong Kong form differs with their meaning', () => {
		// A loudspeaker is not a speakerphone.
		expect(hk('用擴音器廣播；開啟擴音')).toBe('用擴音器廣播；開啟免提');
		// 衛生紙 is tissue or toilet paper in Taiwan (紙巾 or 廁紙 in Hong Kong): left as written.
		expect(hk('濕紙巾和衛生紙')).toBe('濕紙巾和衛生紙');
		// Chest thrusts for a baby (推壓) are not CPR compressions (按壓 → 心外壓).
		expect(hk('胸部推壓')).not.toBe(hk('胸部按壓'));
	});

	it('speaks of phones and lessons as Hong Kong does in the interface, and swaps each word once', () => {
		expect(hk('你做的一切都會先存在這支手機上。')).toBe('你做的一切都會先存在這部手機上。');
		expect(hk('在另一支手機上輸入')).toBe('在另一部手機上輸入');
		expect(hk('已完成 2／6 堂課')).toBe('已完成 2／6 課');
		expect(hk('你已經掌握這堂課了。')).toBe('你已經掌握這一課了。');
		// 哈姆立克法 becomes 腹部衝擊法 and stays so; nothing is swapped twice.
		expect(hk('哈姆立克法')).toBe('腹部衝擊法');
		expect(hk(hk('志工'))).toBe('義工');
	});

	it('never has a swap whose target holds the source of another swap', () => {
		const words = regionalWords('hk');
		for (const [from, to] of words) {
			if (from === to) continue; // a longer term kept whole on purpose
			for (const [other] of words) {
				if (other !== from) expect(to, `${from} → ${to}`).not.toContain(other);
			}
		}
		expect(new Set(words.map(([from]) => from)).size).toBe(words.length);
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
		expect(rewordingFor('zh-Hant', undefined)('瓦斯')).toBe('瓦斯');
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
