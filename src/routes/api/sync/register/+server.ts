import { apiRoute } from '$lib/server/sync/route';
import { handleRegister } from '$lib/server/sync/http';

export const POST = apiRoute(handleRegister);
