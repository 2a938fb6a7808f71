import { apiRoute } from '$lib/server/http/route';
import { handleLink } from '$lib/server/sync/http';

export const POST = apiRoute(handleLink);
