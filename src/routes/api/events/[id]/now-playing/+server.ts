import { apiRoute } from '$lib/server/http/route';
import { handleNowPlaying } from '$lib/server/events/now-playing';

export const GET = apiRoute(handleNowPlaying);
