import { apiRoute } from '$lib/server/http/route';
import { handleHoursCsv } from '$lib/server/volunteers/http';

export const GET = apiRoute(handleHoursCsv);
