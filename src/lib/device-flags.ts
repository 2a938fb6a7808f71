/**
 * What this phone holds, kept outside the device database: the home page asks before it loads a
 * card that needs the database (Dexie, about 30 KB), so a first visit downloads neither (issue 9's
 * script budget). `learning`: a lesson was begun (the continue-learning card); `household`: a
 * household profile or kit exists (the kit reminder card); `news`: the phone follows a
 * neighbourhood (its announcements card); `volunteer`: a volunteer registration is on the phone
 * (the registration form waits for it instead of showing an empty form at once).
 */
export type DeviceFlag = 'learning' | 'household' | 'news' | 'volunteer';

const key = (flag: DeviceFlag) => `linli.${flag}`;
/** The page's localStorage; undefined in the service worker (which shares the sync code). */
const storage = () =>
	(
		globalThis as {
			localStorage?: {
				getItem(key: string): string | null;
				setItem(key: string, value: string): void;
			};
		}
	).localStorage;
/** Written by every version that kept status in localStorage: this phone is not new. */
const OLDER_STATE = 'linli.sync';

/** Note a flag only once what it tells of is stored: a page that reads it trusts it. */
export function noteFlag(flag: DeviceFlag, holds = true) {
	try {
		storage()?.setItem(key(flag), holds ? '1' : '0');
	} catch {
		// storage disabled: the card then loads each time (see mayHold)
	}
}

/**
 * True when the phone holds it, or may (it used Linli before this flag existed, or storage cannot
 * say); false only for a phone that certainly does not.
 */
export function mayHold(flag: DeviceFlag): boolean {
	try {
		const local = storage();
		if (!local) return true;
		const value = local.getItem(key(flag));
		if (value !== null) return value === '1';
		return local.getItem(OLDER_STATE) !== null;
	} catch {
		return true;
	}
}
