/**
 * Where the reader's region comes from, and how sure we are of it. The region picks the emergency
 * numbers, so a guess must never look like a fact:
 *
 * 1. chosen: the reader picked it (on the numbers card or in Settings). Always wins.
 * 2. suggested: something the reader joined says where it is (a neighbourhood, once they exist).
 * 3. guessed: a language tag names a country (zh-HK → Hong Kong, en-US → North America).
 * 4. ambiguous: a language or script is read in several regions (zh-Hant: Taiwan, Hong Kong or
 *    Macau). No region is assumed; the candidates are offered.
 * 5. unknown: nothing to go on.
 *
 * A script alone never becomes a region: a phone set to zh-Hant in Hong Kong must not be shown
 * Taiwan's 119 as if it were its own.
 */
import {
	EMERGENCY_NUMBERS,
	EMERGENCY_SERVICES,
	REGIONS,
	isRegion,
	type EmergencyService,
	type Region
} from '$shared/regions';

/** What may one day suggest a region. Neighbourhoods will (each belongs to a place). */
export type RegionSuggester = 'neighbourhood';

export type RegionState =
	| { status: 'chosen'; region: Region }
	| { status: 'suggested'; region: Region; by: RegionSuggester }
	| { status: 'guessed'; region: Region; candidates: Region[] }
	| { status: 'ambiguous'; candidates: Region[] }
	| { status: 'unknown' };

export interface RegionInputs {
	/** What the reader picked on this device, if anything. */
	chosen?: Region;
	/** What a neighbourhood (or another source the reader joined) says. */
	suggested?: { region: Region; by: RegionSuggester };
	/** The browser's languages, most preferred first. */
	languages: readonly string[];
}

/** The reader's region, from the strongest source that says anything. */
export function resolveRegion({ chosen, suggested, languages }: RegionInputs): RegionState {
	if (chosen) return { status: 'chosen', region: chosen };
	if (suggested) return { status: 'suggested', region: suggested.region, by: suggested.by };
	return regionFromLanguages(languages);
}

/**
 * The region whose numbers and words apply to the reader: chosen, suggested or guessed. Undefined
 * while it is ambiguous or unknown, so that nothing is shown as if it were theirs.
 */
export function regionOf(state: RegionState): Region | undefined {
	return 'region' in state ? state.region : undefined;
}

/** Whether the reader still has to confirm or pick their region. */
export function needsConfirmation(state: RegionState): boolean {
	return state.status !== 'chosen';
}

const BY_COUNTRY: Readonly<Record<string, Region>> = {
	hk: 'hk',
	tw: 'tw',
	cn: 'cn',
	mo: 'mo',
	sg: 'sg',
	jp: 'jp',
	gb: 'uk',
	uk: 'uk',
	us: 'na',
	ca: 'na'
};
const EU = new Set(
	'at be bg hr cy cz dk ee fi fr de gr hu ie it lv lt lu mt nl pl pt ro sk si es se'.split(' ')
);

/** Regions where a language or script with no country is read, most readers first. */
const TRADITIONAL: Region[] = ['tw', 'hk', 'mo'];
const SIMPLIFIED: Region[] = ['cn', 'sg'];
const ANY_CHINESE: Region[] = ['cn', 'tw', 'hk', 'mo', 'sg'];

function countryOf(parts: string[]): Region | undefined {
	for (const part of parts.slice(1)) {
		if (part.length !== 2) continue;
		const region = BY_COUNTRY[part] ?? (EU.has(part) ? 'eu' : undefined);
		if (region) return region;
	}
	return undefined;
}

function candidatesOf(parts: string[]): Region[] {
	const [primary, ...rest] = parts;
	if (primary === 'zh' || primary === 'cmn') {
		if (rest.includes('hant')) return TRADITIONAL;
		if (rest.includes('hans')) return SIMPLIFIED;
		return ANY_CHINESE;
	}
	if (primary === 'yue') return ['hk', 'mo'];
	if (primary === 'ja') return ['jp'];
	return [];
}

/**
 * What the browser's languages say about the region. The first tag that says anything decides;
 * a later tag with a country may narrow an ambiguous script (zh-Hant, then zh-TW) or add its
 * country to the candidates (zh-Hant, then en-GB), but never overrules it.
 */
export function regionFromLanguages(tags: readonly string[]): RegionState {
	let candidates: Region[] | undefined;
	for (const tag of tags) {
		const parts = tag.trim().toLowerCase().replace(/_/g, '-').split('-');
		const country = countryOf(parts);
		if (!candidates) {
			if (country) return { status: 'guessed', region: country, candidates: [country] };
			const hint = candidatesOf(parts);
			if (hint.length) candidates = hint;
			continue;
		}
		if (!country) continue;
		if (candidates.includes(country))
			return { status: 'guessed', region: country, candidates: [...candidates] };
		candidates = [...candidates, country];
		break;
	}
	if (!candidates) return { status: 'unknown' };
	const [only] = candidates;
	if (candidates.length === 1 && only) return { status: 'guessed', region: only, candidates };
	return { status: 'ambiguous', candidates };
}

/**
 * The regions to offer as big buttons when asking: the candidates (a guess first), else none.
 * Every other region is offered after them, under "other regions".
 */
export function likelyRegions(state: RegionState): Region[] {
	switch (state.status) {
		case 'chosen':
			return [state.region];
		case 'suggested':
			return [state.region];
		case 'guessed':
			return [state.region, ...state.candidates.filter((r) => r !== state.region)];
		case 'ambiguous':
			return state.candidates;
		case 'unknown':
			return [];
	}
}

/** The regions not among the likely ones, in the usual order ("other" last). */
export function otherRegions(likely: readonly Region[]): Region[] {
	return REGIONS.filter((r) => !likely.includes(r));
}

/**
 * The state as a short string for the server-rendered page to hand to the browser
 * (`<html data-region>`), so the first client render agrees with the server's.
 */
export function encodeRegionState(state: RegionState): string {
	switch (state.status) {
		case 'chosen':
			return `chosen:${state.region}`;
		case 'suggested':
			return `suggested:${state.region}:${state.by}`;
		case 'guessed':
			return `guessed:${state.region}:${state.candidates.join(',')}`;
		case 'ambiguous':
			return `ambiguous:${state.candidates.join(',')}`;
		case 'unknown':
			return 'unknown';
	}
}

/** The inverse of encodeRegionState; undefined for anything it did not write. */
export function decodeRegionState(value: string | null | undefined): RegionState | undefined {
	if (!value) return undefined;
	const [status, first = '', second = ''] = value.split(':');
	const list = (text: string) => {
		const regions = text.split(',').filter(isRegion);
		return regions.length && regions.length === text.split(',').length ? regions : undefined;
	};
	switch (status) {
		case 'chosen':
			return isRegion(first) ? { status, region: first } : undefined;
		case 'suggested':
			return isRegion(first) && second === 'neighbourhood'
				? { status, region: first, by: second }
				: undefined;
		case 'guessed': {
			const candidates = list(second);
			return isRegion(first) && candidates ? { status, region: first, candidates } : undefined;
		}
		case 'ambiguous': {
			const candidates = list(first);
			return candidates && candidates.length > 1 ? { status, candidates } : undefined;
		}
		case 'unknown':
			return value === 'unknown' ? { status } : undefined;
		default:
			return undefined;
	}
}

/** Where to call for one service: the number, and the regions where it is that number. */
export interface NumberChoice {
	number: string;
	regions: Region[];
}

/**
 * The numbers a reader may need for one service: their region's only, once it is known; while it
 * is ambiguous, each candidate region's, grouped by number (Hong Kong and Macau: 999; Taiwan: 119),
 * so nothing is presented as theirs. Empty when nothing is known.
 */
export function numberChoices(state: RegionState, service: EmergencyService): NumberChoice[] {
	const regions = state.status === 'ambiguous' ? state.candidates : [regionOf(state)];
	const choices: NumberChoice[] = [];
	for (const region of regions) {
		const number = region ? EMERGENCY_NUMBERS[region]?.[service] : undefined;
		if (!region || !number) continue;
		const same = choices.find((c) => c.number === number);
		if (same) same.regions.push(region);
		else choices.push({ number, regions: [region] });
	}
	return choices;
}

/** One call button: a number and every service it reaches (Hong Kong: 999 for all three). */
export interface CallButton {
	number: string;
	services: EmergencyService[];
}

/** A region's numbers as call buttons, one per distinct number, in the usual service order. */
export function callButtons(region: Region | undefined): CallButton[] {
	const numbers = region ? EMERGENCY_NUMBERS[region] : null;
	if (!numbers) return [];
	const buttons: CallButton[] = [];
	for (const service of EMERGENCY_SERVICES) {
		const number = numbers[service];
		const same = buttons.find((b) => b.number === number);
		if (same) same.services.push(service);
		else buttons.push({ number, services: [service] });
	}
	return buttons;
}
