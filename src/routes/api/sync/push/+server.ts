import { apiRoute } from '$lib/server/http/route';
import { handlePush } from '$lib/server/sync/http';

export const POST = apiRoute(handlePush);
