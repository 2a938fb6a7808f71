import { apiRoute } from '$lib/server/http/route';
import { handleTicketKeys } from '$lib/server/events/http';

export const GET = apiRoute(handleTicketKeys);
