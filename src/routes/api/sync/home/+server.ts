import { apiRoute } from '$lib/server/http/route';
import { handleHome } from '$lib/server/neighbourhoods/http';

export const POST = apiRoute(handleHome);
