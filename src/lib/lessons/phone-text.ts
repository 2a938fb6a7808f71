import type { EmergencyService, Region } from '$shared/regions';
import { numberChoices, type RegionState } from '$domain/region';

export interface PhoneWords {
	/** Between two numbers: " or " / 或. */
	or: string;
	/** The regions a number belongs to, as shown after it: " (Hong Kong and Macau)". */
	regions: (regions: Region[]) => string;
	/** When no number is known: "your local emergency number". */
	unknown: string;
}

/**
 * A {{service}} placeholder as plain text, for search and snippets: what Phone.svelte shows, without
 * the links ("999"; while the region is ambiguous "119 (Taiwan) or 999 (Hong Kong and Macau)").
 */
export function phoneText(state: RegionState, service: EmergencyService, words: PhoneWords) {
	const choices = numberChoices(state, service);
	if (!choices.length) return words.unknown;
	if (state.status !== 'ambiguous') return choices.map((c) => c.number).join(words.or);
	return choices.map((c) => `${c.number}${words.regions(c.regions)}`).join(words.or);
}
