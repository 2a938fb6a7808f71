import type { RequestEvent } from '@sveltejs/kit';
import { serverContext, type ServerContext } from '../context';
import { api } from './errors';
import type { RequestInfo } from '../sync/http';

/** A SvelteKit request handler around one of the API's handlers (context, errors, request info). */
export function apiRoute(handler: (ctx: ServerContext, info: RequestInfo) => Promise<Response>) {
	return (event: RequestEvent) =>
		api(async () =>
			handler(await serverContext(), {
				request: event.request,
				url: event.url,
				ip: event.getClientAddress(),
				user: event.locals.user
			})
		);
}
