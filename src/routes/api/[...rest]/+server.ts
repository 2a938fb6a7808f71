import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Unknown API paths answer in JSON, like the rest of the API, never with an HTML page. */
const notFound: RequestHandler = () =>
	json({ error: 'not_found', message: 'No such API endpoint' }, { status: 404 });

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
