import { apiRoute } from '$lib/server/http/route';
import { handleEventCsv } from '$lib/server/events/http';

export const GET = apiRoute(handleEventCsv);
