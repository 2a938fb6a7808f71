import { browser } from '$app/environment';
import type { SharedTask } from '$shared/volunteer';
import type { PageLoad } from './$types';

/**
 * A shared task link, opened on the server: the task's public fields (never the exact address or
 * the contact's phone), so the first screen and a chat app's link preview say what it is. In the
 * browser the phone's own synced records answer (offline too), so nothing is fetched.
 * `shared` is null when the server knows no such task, undefined when it was not asked.
 */
export const load: PageLoad = async ({ params, fetch }) => {
	if (browser) return { shared: undefined, timeZone: undefined };
	try {
		const response = await fetch(`/api/tasks/${encodeURIComponent(params.id)}`);
		if (response.status === 404) return { shared: null, timeZone: undefined };
		if (!response.ok) return { shared: undefined, timeZone: undefined };
		const body = (await response.json()) as { task: SharedTask; timeZone: string };
		return { shared: body.task, timeZone: body.timeZone };
	} catch {
		return { shared: undefined, timeZone: undefined };
	}
};
