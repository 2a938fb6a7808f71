import { apiRoute } from '$lib/server/http/route';
import { handleUnfollow } from '$lib/server/neighbourhoods/http';

export const POST = apiRoute(handleUnfollow);
