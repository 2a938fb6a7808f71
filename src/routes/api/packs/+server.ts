import { apiRoute } from '$lib/server/http/route';
import { handleCatalogue, handleUpload } from '$lib/server/publishing/http';

export const GET = apiRoute(handleCatalogue);
export const POST = apiRoute(handleUpload);
