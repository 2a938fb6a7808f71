import { apiRoute } from '$lib/server/http/route';
import { handleRegister } from '$lib/server/sync/http';

export const POST = apiRoute(handleRegister);
