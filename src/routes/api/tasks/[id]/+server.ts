import { apiRoute } from '$lib/server/http/route';
import { handlePublicTask } from '$lib/server/volunteers/http';

export const GET = apiRoute(handlePublicTask);
