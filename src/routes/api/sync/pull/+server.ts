import { apiRoute } from '$lib/server/http/route';
import { handlePull } from '$lib/server/sync/http';

export const GET = apiRoute(handlePull);
