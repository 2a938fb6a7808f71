/**
 * Regions pick the facts that differ by place: emergency numbers above all. Lessons never print
 * these digits; they write {{ambulance}}, {{fire}} or {{police}} and the reader's region fills them.
 * Numbers follow each authority (CONTENT.md §2 "Calling for help"); recheck before changing one.
 */
export const REGIONS = ['hk', 'tw', 'cn', 'mo', 'sg', 'jp', 'eu', 'uk', 'na', 'other'] as const;
export type Region = (typeof REGIONS)[number];

export const EMERGENCY_SERVICES = ['ambulance', 'fire', 'police'] as const;
export type EmergencyService = (typeof EMERGENCY_SERVICES)[number];

/** Digits per service, or null where the region is unknown ("other"). */
export const EMERGENCY_NUMBERS: Record<Region, Record<EmergencyService, string> | null> = {
	hk: { ambulance: '999', fire: '999', police: '999' },
	mo: { ambulance: '999', fire: '999', police: '999' },
	tw: { ambulance: '119', fire: '119', police: '110' },
	cn: { ambulance: '120', fire: '119', police: '110' },
	sg: { ambulance: '995', fire: '995', police: '999' },
	jp: { ambulance: '119', fire: '119', police: '110' },
	eu: { ambulance: '112', fire: '112', police: '112' },
	uk: { ambulance: '999', fire: '999', police: '999' },
	na: { ambulance: '911', fire: '911', police: '911' },
	other: null
};

export function isRegion(value: unknown): value is Region {
	return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

export function isEmergencyService(value: unknown): value is EmergencyService {
	return typeof value === 'string' && (EMERGENCY_SERVICES as readonly string[]).includes(value);
}

const BY_COUNTRY: Record<string, Region> = {
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

/**
 * Guesses the region from language tags: a country subtag decides; otherwise Traditional Chinese
 * suggests Taiwan, Simplified the mainland, and anything else "other" (which shows no digits and
 * asks the reader to pick). The reader can always change it in Settings.
 */
export function guessRegion(tags: readonly string[]): Region {
	for (const tag of tags) {
		const parts = tag.toLowerCase().replace(/_/g, '-').split('-');
		for (const part of parts.slice(1)) {
			if (part.length !== 2) continue;
			const region = BY_COUNTRY[part] ?? (EU.has(part) ? 'eu' : undefined);
			if (region) return region;
		}
	}
	for (const tag of tags) {
		const lower = tag.toLowerCase();
		if (lower.startsWith('zh')) return lower.includes('hant') ? 'tw' : 'cn';
		if (lower.startsWith('ja')) return 'jp';
	}
	return 'other';
}
