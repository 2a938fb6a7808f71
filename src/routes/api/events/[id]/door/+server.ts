import { apiRoute } from '$lib/server/http/route';
import { handleDoorRoster } from '$lib/server/events/http';

export const GET = apiRoute(handleDoorRoster);
