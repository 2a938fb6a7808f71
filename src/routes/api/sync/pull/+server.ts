import { apiRoute } from '$lib/server/sync/route';
import { handlePull } from '$lib/server/sync/http';

export const GET = apiRoute(handlePull);
