import { apiRoute } from '$lib/server/http/route';
import { handleTime } from '$lib/server/http/time';

export const GET = apiRoute(handleTime);
