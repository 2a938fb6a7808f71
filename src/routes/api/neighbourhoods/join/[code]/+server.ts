import { apiRoute } from '$lib/server/http/route';
import { handleJoinInfo } from '$lib/server/neighbourhoods/http';

export const GET = apiRoute(handleJoinInfo);
