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

/**
 * A JSON answer with its length: the server's compression (src/node/server.js) leaves one under
 * its threshold (1 KiB) as it is, which it can only tell when the length is known. Most sync
 * answers are a hundred bytes; compressing each cost more of the server's time than its database.
 */
function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
	const text = JSON.stringify(body);
	return new Response(text, {
		status,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-length': String(Buffer.byteLength(text)),
			'cache-control': 'no-store',
			...headers
		}
	});
}

export function errorResponse(error: HttpError): Response {
	const body: ApiError = { error: error.code, message: error.message, ...error.extra };
	return json(body, error.status, error.headers);
}

export function jsonResponse(body: unknown, status = 200): Response {
	return json(body, status);
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
