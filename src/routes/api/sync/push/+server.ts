import { apiRoute } from '$lib/server/sync/route';
import { handlePush } from '$lib/server/sync/http';

export const POST = apiRoute(handlePush);
