/**
 * Which window a tapped notification opens (the service worker's `notificationclick`), as a pure
 * function: headless browsers cannot click a notification, so this is what the tests check.
 *
 * - The URL is the notification's `data.url`, kept only if it is a page of this app (same origin);
 *   anything else opens the home page.
 * - A window already showing that page is focused.
 * - Else a window of the app is focused and taken to the page (the focused one, or the first).
 * - Else a new window opens on it.
 */
export interface WindowInfo {
	url: string;
	focused: boolean;
}

export type WindowChoice =
	| { action: 'focus'; index: number; url: string }
	| { action: 'navigate'; index: number; url: string }
	| { action: 'open'; url: string };

/** The notification's page as an absolute URL of this origin (home when it is not one). */
export function notificationUrl(data: unknown, origin: string): string {
	const home = new URL('/', origin).href;
	const raw =
		data && typeof data === 'object' && 'url' in data && typeof data.url === 'string'
			? data.url
			: '';
	if (!raw) return home;
	try {
		const url = new URL(raw, origin);
		return url.origin === new URL(origin).origin ? url.href : home;
	} catch {
		return home;
	}
}

export function chooseWindow(windows: WindowInfo[], data: unknown, origin: string): WindowChoice {
	const url = notificationUrl(data, origin);
	const same = (a: string) => a.split('#')[0] === url.split('#')[0];
	const showing = windows.findIndex((w) => same(w.url));
	if (showing >= 0) return { action: 'focus', index: showing, url };
	const ours = windows
		.map((w, index) => ({ ...w, index }))
		.filter((w) => {
			try {
				return new URL(w.url).origin === new URL(origin).origin;
			} catch {
				return false;
			}
		});
	const pick = ours.find((w) => w.focused) ?? ours[0];
	if (pick) return { action: 'navigate', index: pick.index, url };
	return { action: 'open', url };
}
