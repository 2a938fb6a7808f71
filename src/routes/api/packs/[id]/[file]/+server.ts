import { apiRoute } from '$lib/server/http/route';
import { handleVersionFile } from '$lib/server/publishing/http';

export const GET = apiRoute(handleVersionFile);
