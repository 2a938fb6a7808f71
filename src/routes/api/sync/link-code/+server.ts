import { apiRoute } from '$lib/server/sync/route';
import { handleLinkCode } from '$lib/server/sync/http';

export const POST = apiRoute(handleLinkCode);
