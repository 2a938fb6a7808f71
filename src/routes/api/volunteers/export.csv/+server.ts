import { apiRoute } from '$lib/server/http/route';
import { handleRosterCsv } from '$lib/server/volunteers/http';

export const GET = apiRoute(handleRosterCsv);
