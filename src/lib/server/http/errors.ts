import type { ApiError } from '../../shared/sync';

/** An error answer of the API: status, a stable code, an English message, the offending field. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly extra: Omit<ApiError, 'error' | 'message'> = {},
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}
}

export function errorResponse(error: HttpError): Response {
	const body: ApiError = { error: error.code, message: error.message, ...error.extra };
	return new Response(JSON.stringify(body), {
		status: error.status,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'no-store',
			...error.headers
		}
	});
}

export function jsonResponse(body: unknown, status = 200): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
	});
}

/**
 * Runs an API handler: bad input and refusals become their JSON answers; anything unexpected is
 * logged and answered 500 without details, and the server carries on.
 */
export async function api(run: () => Promise<Response>): Promise<Response> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof HttpError) return errorResponse(error);
		console.error('API error', error);
		return errorResponse(
			new HttpError(500, 'server_error', 'Something went wrong on the server; try again later.')
		);
	}
}
