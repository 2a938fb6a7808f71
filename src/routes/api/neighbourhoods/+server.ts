import { apiRoute } from '$lib/server/http/route';
import { handleDirectory } from '$lib/server/neighbourhoods/http';

export const GET = apiRoute(handleDirectory);
