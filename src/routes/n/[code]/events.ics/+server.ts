import { apiRoute } from '$lib/server/http/route';
import { handleFeedIcs } from '$lib/server/events/http';

export const GET = apiRoute(handleFeedIcs);
