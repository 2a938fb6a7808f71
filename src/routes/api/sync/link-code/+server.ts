import { apiRoute } from '$lib/server/http/route';
import { handleLinkCode } from '$lib/server/sync/http';

export const POST = apiRoute(handleLinkCode);
