import { requireUser } from '$lib/server/auth/guard';
import { authoringGuide } from '$lib/server/publishing/example-pack';
import type { RequestHandler } from './$types';

/** The authoring guide as plain text: every browser shows it, and it saves as a .md file. */
export const GET: RequestHandler = (event) => {
	requireUser(event);
	return new Response(authoringGuide(), {
		headers: {
			'content-type': 'text/plain; charset=utf-8',
			'cache-control': 'private, max-age=3600'
		}
	});
};
