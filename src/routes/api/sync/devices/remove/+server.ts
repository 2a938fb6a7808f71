import { apiRoute } from '$lib/server/http/route';
import { handleRemoveDevice } from '$lib/server/sync/http';

export const POST = apiRoute(handleRemoveDevice);
