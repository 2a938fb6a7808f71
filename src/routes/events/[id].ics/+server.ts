import { apiRoute } from '$lib/server/http/route';
import { handleEventIcs } from '$lib/server/events/http';

export const GET = apiRoute(handleEventIcs);
