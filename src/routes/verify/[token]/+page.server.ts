import { aboutServer } from '$lib/server/about';
import { serverContext } from '$lib/server/context';
import { sha256 } from '$lib/server/crypto';
import { verifyCertificate } from '$lib/server/volunteers/organizer';
import type { PageServerLoad } from './$types';

// A certificate's verification link: anyone holding it may check it (the volunteer shared it).
export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
	const { database, config } = await serverContext();
	const about = aboutServer(config, url);
	if (!/^[A-Za-z0-9_-]{32,64}$/.test(params.token)) return { certificate: undefined, about };
	return { certificate: await verifyCertificate(database.db, sha256(params.token)), about };
};
