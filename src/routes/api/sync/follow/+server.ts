import { apiRoute } from '$lib/server/http/route';
import { handleFollow } from '$lib/server/neighbourhoods/http';

export const POST = apiRoute(handleFollow);
