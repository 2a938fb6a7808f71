import type { NeighbourhoodPublic } from '$shared/neighbourhoods';
import type { PageLoad } from './$types';

/**
 * A join link (/n/<code>, often opened from a QR code in the lobby): what the code opens.
 * `hood` is null for a code that does not work, undefined when the server could not be asked.
 */
export const load: PageLoad = async ({ params, fetch }) => {
	const code = params.code.trim().toUpperCase();
	try {
		const response = await fetch(`/api/neighbourhoods/join/${encodeURIComponent(code)}`);
		if (response.status === 404) return { code, hood: null };
		if (!response.ok) return { code, hood: undefined };
		const body = (await response.json()) as { neighbourhood: NeighbourhoodPublic };
		return { code, hood: body.neighbourhood };
	} catch {
		return { code, hood: undefined };
	}
};
