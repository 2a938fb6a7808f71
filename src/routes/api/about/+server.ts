import { json } from '@sveltejs/kit';
import { aboutServer } from '$lib/server/about';
import { apiRoute } from '$lib/server/http/route';

export const GET = apiRoute(async ({ config }, { url }) =>
	json(aboutServer(config, url), { headers: { 'cache-control': 'public, max-age=300' } })
);
