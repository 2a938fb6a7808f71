/**
 * Where a phone stands in the first run (issue 10: language → region → neighbourhood, each
 * skippable, each changeable in Settings). Kept in localStorage, outside the device database, so
 * the home page decides without loading Dexie whether to load the first-run card at all.
 */
export const FIRST_RUN_STEPS = ['language', 'region', 'neighbourhood'] as const;
export type FirstRunStep = (typeof FIRST_RUN_STEPS)[number] | 'done';

const KEY = 'linli.firstRun';
/** Written by every version that kept sync status: a phone that used Linli before. */
const OLDER_STATE = 'linli.sync';

export function firstRunStep(): FirstRunStep {
	try {
		const value = localStorage.getItem(KEY);
		if (value === 'done' || (FIRST_RUN_STEPS as readonly string[]).includes(value ?? ''))
			return value as FirstRunStep;
		// A phone that used Linli before the first run existed is not greeted as new. The answer is
		// kept at once: the sync service writes its state within seconds of a first visit.
		const step = localStorage.getItem(OLDER_STATE) === null ? 'language' : 'done';
		localStorage.setItem(KEY, step);
		return step;
	} catch {
		return 'done';
	}
}

export function setFirstRunStep(step: FirstRunStep) {
	try {
		localStorage.setItem(KEY, step);
	} catch {
		// storage disabled: the card shows again next time, which is harmless
	}
}
