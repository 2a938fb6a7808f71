import { apiRoute } from '$lib/server/http/route';
import { handleFollows } from '$lib/server/neighbourhoods/http';

export const GET = apiRoute(handleFollows);
