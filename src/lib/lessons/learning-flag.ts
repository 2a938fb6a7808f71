/**
 * Whether this phone has begun any lesson, kept outside the device database: the home page asks
 * before it loads the "continue learning" card, which needs the database (Dexie, about 30 KB), so
 * a first visit downloads neither (issue 9's script budget).
 */
const KEY = 'linli.learning';
/** Written by every version that kept status in localStorage: this phone is not new. */
const OLDER_STATE = 'linli.sync';

export function noteLearning(started = true) {
	try {
		localStorage.setItem(KEY, started ? '1' : '0');
	} catch {
		// storage disabled: the card then loads each time (see mayHaveLearning)
	}
}

/**
 * True when the phone has begun a lesson, or may have (it used Linli before this flag existed, or
 * storage cannot say); false only for a phone that certainly has not.
 */
export function mayHaveLearning(): boolean {
	try {
		const value = localStorage.getItem(KEY);
		if (value !== null) return value === '1';
		return localStorage.getItem(OLDER_STATE) !== null;
	} catch {
		return true;
	}
}
