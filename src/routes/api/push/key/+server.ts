import { apiRoute } from '$lib/server/http/route';
import { handlePushKey } from '$lib/server/push/http';

export const GET = apiRoute(handlePushKey);
