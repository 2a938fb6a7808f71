/**
 * Words for offline search. Chinese has no spaces between words, so a run of Han characters is
 * indexed as its single characters and every pair of neighbours (bigrams): 洗手液 → 洗, 手, 液,
 * 洗手, 手液. A query is cut the same way, and only documents holding every piece match, so 洗手
 * finds the handwashing lesson and 口罩 the mask lesson without a dictionary. Other scripts split
 * on anything that is not a letter or digit, lower-cased.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUNS =
	/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+/gu;

export function tokenize(text: string, { forQuery = false } = {}): string[] {
	const tokens: string[] = [];
	for (const [run] of text.matchAll(RUNS)) {
		if (!CJK.test(run)) {
			tokens.push(run.toLowerCase());
			continue;
		}
		const chars = [...run];
		if (chars.length === 1 || !forQuery) tokens.push(...chars);
		for (let i = 0; i + 1 < chars.length; i++) tokens.push(`${chars[i]}${chars[i + 1]}`);
	}
	return tokens;
}

export function isCjkToken(token: string) {
	return CJK.test(token);
}
