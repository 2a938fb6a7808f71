import { SESSION_COOKIE } from '../auth/sessions';
import { errorResponse, HttpError } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for the API. SvelteKit checks the origin of form posts only;
 * JSON requests need the same. A state-changing /api request is refused when it comes from another
 * origin, or when a browser says it is cross-site, or when it carries the staff session cookie
 * without saying where it comes from.
 */
export function crossOriginRefusal(request: Request, url: URL): Response | undefined {
	if (!url.pathname.startsWith('/api/') || SAFE_METHODS.has(request.method)) return undefined;
	const origin = request.headers.get('origin');
	const site = request.headers.get('sec-fetch-site');
	const hasSession = (request.headers.get('cookie') ?? '').includes(`${SESSION_COOKIE}=`);
	const refused =
		(origin !== null && origin !== url.origin) ||
		(origin === null && site !== null && site !== 'same-origin' && site !== 'none') ||
		(origin === null && hasSession);
	if (!refused) return undefined;
	return errorResponse(
		new HttpError(403, 'cross_origin', 'Requests from other sites are not accepted.')
	);
}
