import { existsSync } from 'node:fs';

/**
 * Which Chromium the browser tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else
 * Playwright's own download (undefined lets Playwright find it). Throws with both ways to get one.
 */
export function chromiumPath() {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv) {
		if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.`);
		return fromEnv;
	}
	if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
	return undefined;
}

export const NO_BROWSER_MESSAGE = [
	'No Chromium found for the browser tests.',
	'Get one either way:',
	'  1. Debian/Ubuntu: sudo apt-get install -y chromium   (or set CHROMIUM_PATH=/path/to/chromium)',
	"  2. Playwright's own build: npx playwright install chromium"
].join('\n');
