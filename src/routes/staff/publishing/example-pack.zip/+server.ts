import { requireUser } from '$lib/server/auth/guard';
import { examplePackZip } from '$lib/server/publishing/example-pack';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	requireUser(event);
	return new Response(new Blob([examplePackZip() as Uint8Array<ArrayBuffer>]), {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': 'attachment; filename="linli-example-pack.zip"',
			'cache-control': 'private, max-age=3600'
		}
	});
};
