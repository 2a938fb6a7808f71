import { apiRoute } from '$lib/server/sync/route';
import { handleLink } from '$lib/server/sync/http';

export const POST = apiRoute(handleLink);
