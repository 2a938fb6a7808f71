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

// Which region a reader is in (chosen, guessed from a country subtag, ambiguous…) is worked out
// in domain/region.ts: a script alone never picks one.
