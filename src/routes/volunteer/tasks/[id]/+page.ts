import { browser } from '$app/environment';
import type { SharedTask } from '$shared/volunteer';
import type { PageLoad } from './$types';

const NONE = { shared: undefined, timeZone: undefined };

/**
 * A shared task link, opened on the server: the task's public fields (never the exact address or
 * the contact's phone), so the first screen and a chat app's link preview say what it is.
 * `shared` is null when the server knows no such task, undefined when it was not asked.
 *
 * In the browser this runs again to hydrate the server's page: SvelteKit answers the fetch from
 * the copy inlined in the page, so the task stays on screen. Any other time the browser asks
 * nothing: the phone's own synced records answer, offline too, with no wait on the network.
 */
export const load: PageLoad = async ({ params, fetch }) => {
	const url = `/api/tasks/${encodeURIComponent(params.id)}`;
	const inlined =
		!browser ||
		document.querySelector(`script[data-sveltekit-fetched][data-url=${JSON.stringify(url)}]`);
	if (!inlined) return NONE;
	try {
		const response = await fetch(url);
		if (response.status === 404) return { shared: null, timeZone: undefined };
		if (!response.ok) return NONE;
		const body = (await response.json()) as { task: SharedTask; timeZone: string };
		return { shared: body.task, timeZone: body.timeZone };
	} catch {
		return NONE;
	}
};
