import { apiRoute } from '$lib/server/http/route';
import { handleDevices } from '$lib/server/sync/http';

export const GET = apiRoute(handleDevices);
