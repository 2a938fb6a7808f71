/**
 * Region-aware placeholders ({{ambulance}}, {{fire}}, {{police}}) inside plain text, and the
 * check that no emergency number is typed as digits where a reader would dial it.
 * Relative imports only (shared with the CLI).
 */
import {
	EMERGENCY_NUMBERS,
	EMERGENCY_SERVICES,
	REGIONS,
	isEmergencyService,
	type EmergencyService
} from '../shared/regions.js';
import type { Position, ProblemList } from './problems.js';

export type TextPart = { t: 'text'; v: string } | { t: 'phone'; service: EmergencyService };

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** Splits text into plain parts and placeholders; unknown names are returned for reporting. */
export function splitPlaceholders(text: string): {
	parts: TextPart[];
	unknown: { name: string; index: number }[];
} {
	const parts: TextPart[] = [];
	const unknown: { name: string; index: number }[] = [];
	let last = 0;
	for (const match of text.matchAll(PLACEHOLDER)) {
		const name = match[1] ?? '';
		const index = match.index ?? 0;
		if (!isEmergencyService(name)) {
			unknown.push({ name, index });
			continue;
		}
		if (index > last) parts.push({ t: 'text', v: text.slice(last, index) });
		parts.push({ t: 'phone', service: name });
		last = index + match[0].length;
	}
	if (last < text.length) parts.push({ t: 'text', v: text.slice(last) });
	return { parts, unknown };
}

const EMERGENCY_DIGITS = /(?<![\d.,/-])(110|112|119|120|911|995|999)(?![\d])/g;
const CALL_CONTEXT =
	/(call|dial|phone|ring|hotline|撥打|拨打|致電|致电|電話|电话|報警|报警|求救|熱線|热线|撥|拨)[^.。!！?？\n]{0,12}$/i;
const DIRECT_CALL = /打\s*$/;

/** Offsets of emergency numbers typed as digits right after a word for calling. */
export function literalEmergencyNumbers(text: string): { number: string; index: number }[] {
	const found: { number: string; index: number }[] = [];
	for (const match of text.matchAll(EMERGENCY_DIGITS)) {
		const index = match.index ?? 0;
		const before = text.slice(Math.max(0, index - 20), index);
		if (CALL_CONTEXT.test(before) || DIRECT_CALL.test(before)) {
			found.push({ number: match[1] ?? '', index });
		}
	}
	return found;
}

/** Two placeholders joined by "or", "and", 或, 和, 、 …: a reader may see the same number twice. */
const PAIR =
	/\{\{\s*([a-z]+)\s*\}\}(\s*(?:or|and|\/|／|、|，|,|或者|或是|或|還是|还是|和|及|與|与)\s*)\{\{\s*([a-z]+)\s*\}\}/gi;

/**
 * Placeholder pairs that render as one number twice in some region: "{{fire}} or {{ambulance}}"
 * is "999 or 999" in Hong Kong, Macau and the UK, "119 or 119" in Taiwan and Japan.
 */
export function samePlaceholderPairs(text: string) {
	const found: {
		index: number;
		pair: string;
		seen: string;
		regions: number;
		first: string;
		second: string;
	}[] = [];
	for (const match of text.matchAll(PAIR)) {
		const [pair, a = '', joint = '', b = ''] = match;
		if (!isEmergencyService(a) || !isEmergencyService(b)) continue;
		const same = REGIONS.filter((region) => {
			const numbers = EMERGENCY_NUMBERS[region];
			return numbers && numbers[a] === numbers[b];
		});
		const [first] = same;
		const number = first ? EMERGENCY_NUMBERS[first]?.[a] : undefined;
		if (!number) continue;
		found.push({
			index: match.index ?? 0,
			pair,
			seen: `${number}${joint}${number}`,
			regions: same.length,
			first: `{{${a}}}`,
			second: `{{${b}}}`
		});
	}
	return found;
}

/** Placeholder and literal-number checks on any reader-visible string (lesson text, quiz, list). */
export function checkTextString(
	value: string,
	file: string,
	where: Position,
	problems: ProblemList,
	positionAt: (index: number) => Position = () => where
) {
	const { unknown } = splitPlaceholders(value);
	const examples = EMERGENCY_SERVICES.map((s) => `{{${s}}}`).join(', ');
	for (const { name, index } of unknown) {
		problems.error('md.placeholder.unknown', file, positionAt(index), {
			placeholder: `{{${name}}}`,
			examples
		});
	}
	for (const { number, index } of literalEmergencyNumbers(value)) {
		problems.error('md.number.literal', file, positionAt(index), { number, examples });
	}
	for (const { index, pair, seen, regions, first, second } of samePlaceholderPairs(value)) {
		problems.error('md.placeholder.same', file, positionAt(index), {
			pair,
			seen,
			regions,
			first,
			second
		});
	}
}
