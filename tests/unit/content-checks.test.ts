import { describe, expect, it } from 'vitest';
import { bracketDuplicates } from '../../src/lib/content/regional-duplicates';
import { samePlaceholderPairs } from '../../src/lib/content/inline-text';
import { simplifiedIn, traditionalIn } from '../../src/lib/content/script-check';

describe('bracketed duplicates after the Hong Kong/Macau word swap', () => {
	it('finds a Hong Kong word in brackets that the swap makes a duplicate', () => {
		expect(bracketDuplicates('保持至少1公尺（1米）距離').map((d) => d.seen)).toEqual([
			'1米（1米）'
		]);
		expect(bracketDuplicates('開啟手機擴音（免提），空出雙手').map((d) => d.seen)).toEqual([
			'免提（免提）'
		]);
		expect(bracketDuplicates('這就是腹部推壓（哈姆立克法）').map((d) => d.seen)).toEqual([
			'腹部衝擊（腹部衝擊法）'
		]);
		expect(
			bracketDuplicates('自動體外心臟電擊去顫器（AED，香港稱「自動心臟除顫器」）').map(
				(d) => d.seen
			)
		).toEqual(['自動心臟除顫器（AED，香港稱「自動心臟除顫器」）']);
		expect(bracketDuplicates('復甦姿勢（香港稱「復原卧式」）')).toHaveLength(1);
		expect(bracketDuplicates('酒精乾洗手液（又稱酒精搓手液）')).toHaveLength(1);
	});

	it('points at the bracket in the line as written', () => {
		const line = '關閉**瓦斯**（煤氣）總開關';
		const [found] = bracketDuplicates(line);
		expect(line[found?.index ?? -1]).toBe('（');
		expect(found?.seen).toBe('煤氣（煤氣）');
	});

	it('leaves brackets that add something alone', () => {
		for (const line of [
			'心肺復甦術（CPR）',
			'戴口罩（醫用口罩最好）',
			'你想打噴嚏時該怎麼辦？（可複選）',
			'手邊如果有手套（拋棄式的最好），就戴上',
			'(1 US gallon)'
		]) {
			expect(bracketDuplicates(line), line).toEqual([]);
		}
	});
});

describe('placeholder pairs that read as one number twice', () => {
	it('finds "or", "and", 或, 或者, 或是, 、 and / between two placeholders', () => {
		for (const text of [
			'call {{fire}} or {{ambulance}}',
			'{{police}} and {{ambulance}}',
			'撥打{{fire}}或{{ambulance}}',
			'拨打{{fire}} 或者 {{ambulance}}',
			'打{{fire}}或是{{ambulance}}',
			'{{police}}、{{fire}}',
			'{{police}}/{{fire}}'
		]) {
			expect(samePlaceholderPairs(text), text).toHaveLength(1);
		}
		expect(samePlaceholderPairs('call {{fire}} or {{ambulance}}')[0]).toMatchObject({
			seen: '999 or 999'
		});
	});

	it('accepts placeholders that each say what they are for', () => {
		expect(
			samePlaceholderPairs('Call {{fire}} for a fire and {{ambulance}} for an ambulance.')
		).toEqual([]);
		expect(samePlaceholderPairs('火災打{{fire}}，叫救護車打{{ambulance}}。')).toEqual([]);
	});
});

describe("a script's characters in the other script (OpenCC)", () => {
	it('finds simplified characters in Traditional text, with the form to write', async () => {
		expect(await simplifiedIn('讓他側卧，这樣可以')).toEqual({ index: 3, chars: '卧→臥、这→這' });
		expect(await simplifiedIn('問里長或區公所，台灣的汙水和污水，鼻樑，看著他，家裡的家具')).toBe(
			undefined
		);
	});

	it('finds traditional characters in Simplified text', async () => {
		expect((await traditionalIn('需要網絡'))?.chars).toBe('網→网、絡→络');
		expect(await traditionalIn('看着他，在家里，著名的做法')).toBe(undefined);
	});
});
