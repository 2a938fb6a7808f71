import { apiRoute } from '$lib/server/http/route';
import { handleRoster } from '$lib/server/volunteers/http';

export const GET = apiRoute(handleRoster);
