/**
 * The publishing API (docs/pack-format.md §8):
 * - POST /api/packs: a publisher uploads a signed .linlipack (session or publishing token).
 * - GET /api/packs: the catalogue of approved packs (public, cacheable, ETag).
 * - GET /api/packs/<id>/<version>.linlipack: a version's file.
 */
import { createHash } from 'node:crypto';
import type { ServerContext } from '../context';
import { HttpError, jsonResponse } from '../http/errors';
import { addressKey } from '../http/address';
import { enforce } from '../http/limits';
import type { RequestInfo } from '../sync/http';
import type { StaffUser } from '../auth/sessions';
import { prefsFromHeaders } from '../prefs';
import { PACK_FILE_MEDIA_TYPE } from '$lib/packfile/index';
import { describeProblem, type Problem } from '$lib/content/problems';
import { catalog as problemCatalog } from '../../../cli/messages';
import type { Lang } from '$lib/i18n/languages';
import {
	acceptUpload,
	catalogue,
	filePath,
	MAX_UPLOAD_BYTES,
	PACK_ID,
	userForPublishToken,
	VERSION,
	versionFile,
	type UploadRefusal
} from './store';

/** The caller: a `Bearer` publishing token, else the staff session. */
async function uploader(ctx: ServerContext, info: RequestInfo): Promise<StaffUser> {
	const header = info.request.headers.get('authorization');
	let user: StaffUser | null = info.user;
	if (header !== null) {
		const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
		user = match ? await userForPublishToken(ctx.database.db, match[1] as string) : null;
		if (!user) {
			// Guessing tokens costs the same as guessing passwords.
			await enforce(ctx.limits.signIns, addressKey(info.ip));
			throw new HttpError(401, 'unauthorized', 'The publishing token is unknown or withdrawn.');
		}
	}
	if (!user) throw new HttpError(401, 'unauthorized', 'Sign in as a publisher, or send a token.');
	if (!user.roles.includes('publisher')) {
		throw new HttpError(403, 'forbidden', 'Only publishers may upload lesson packs.');
	}
	return user;
}

/** Reads the body, refusing it (413) as soon as it passes the limit. */
async function readPackBody(request: Request): Promise<Uint8Array> {
	const tooLarge = () =>
		new HttpError(413, 'too_large', `A pack file may be at most ${MAX_UPLOAD_BYTES} bytes.`, {
			params: { max: MAX_UPLOAD_BYTES }
		});
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) throw tooLarge();
	const reader = request.body?.getReader();
	if (!reader) throw new HttpError(400, 'bad_request', 'Send the pack file as the body.');
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		let chunk: ReadableStreamReadResult<Uint8Array>;
		try {
			chunk = await reader.read();
		} catch {
			throw new HttpError(400, 'aborted', 'The connection closed before the file arrived.');
		}
		if (chunk.done) break;
		size += chunk.value.byteLength;
		if (size > MAX_UPLOAD_BYTES) {
			reader.releaseLock();
			throw tooLarge();
		}
		chunks.push(chunk.value);
	}
	if (size === 0) throw new HttpError(400, 'bad_request', 'Send the pack file as the body.');
	return new Uint8Array(Buffer.concat(chunks));
}

/** Problems with their message and fix in the uploader's language (the staff page shows them). */
export function translatedProblems(problems: Problem[], lang: Lang) {
	const messages = problemCatalog(lang);
	return problems.map((p) => ({ ...p, ...describeProblem(p, messages) }));
}

const REFUSALS: Record<UploadRefusal['error'], [number, string]> = {
	invalid_pack: [422, 'The pack file was refused; see problems.'],
	not_your_pack: [403, 'This pack id belongs to another publisher.'],
	key_mismatch: [409, 'This pack id is bound to another signing key.'],
	key_revoked: [409, 'This signing key was revoked.'],
	version_exists: [409, 'This version was uploaded before with other content.'],
	version_not_newer: [409, 'The version is not newer than the latest one.']
};

/** POST /api/packs */
export async function handleUpload(ctx: ServerContext, info: RequestInfo) {
	await enforce(ctx.limits.ipWrites, addressKey(info.ip));
	const user = await uploader(ctx, info);
	const type = (info.request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
	if (type !== PACK_FILE_MEDIA_TYPE && type !== 'application/octet-stream') {
		throw new HttpError(415, 'unsupported_media_type', `Send the file as ${PACK_FILE_MEDIA_TYPE}.`);
	}
	await enforce(ctx.limits.packUploads, user.id);
	const bytes = await readPackBody(info.request);
	const result = await acceptUpload(ctx.database.db, user, bytes);
	if (result.ok) {
		const response = jsonResponse(result.answer, result.created ? 201 : 200);
		response.headers.set('location', filePath(result.answer.id, result.answer.version));
		return response;
	}
	const [status, message] = REFUSALS[result.error];
	const { error, ...rest } = result as UploadRefusal & { ok?: boolean };
	delete (rest as { ok?: boolean }).ok;
	if (result.error === 'invalid_pack') {
		const lang = prefsFromHeaders(info.request).lang;
		(rest as { problems: unknown }).problems = translatedProblems(result.problems, lang);
	}
	throw new HttpError(status, error, message, rest as never);
}

const etagOf = (body: string) =>
	`"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

function notModified(request: Request, etag: string) {
	const asked = request.headers.get('if-none-match');
	return asked !== null && asked.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** GET /api/packs */
export async function handleCatalogue(ctx: ServerContext, info: RequestInfo) {
	const body = JSON.stringify(await catalogue(ctx.database.db));
	const etag = etagOf(body);
	const headers = {
		'content-type': 'application/json; charset=utf-8',
		// Shared caches may keep it a minute; then they ask again with the ETag.
		'cache-control': 'public, max-age=60, must-revalidate',
		etag
	};
	if (notModified(info.request, etag)) return new Response(null, { status: 304, headers });
	return new Response(body, { status: 200, headers });
}

/** GET /api/packs/<id>/<version>.linlipack */
export async function handleVersionFile(ctx: ServerContext, info: RequestInfo) {
	const match = /^\/api\/packs\/([^/]+)\/([^/]+)\.linlipack$/.exec(info.url.pathname);
	const id = match ? decodeURIComponent(match[1] as string) : '';
	const version = match ? decodeURIComponent(match[2] as string) : '';
	if (!PACK_ID.test(id) || !VERSION.test(version)) {
		throw new HttpError(404, 'not_found', 'No such pack version.');
	}
	const file = await versionFile(ctx.database.db, id, version, info.user);
	if (!file) throw new HttpError(404, 'not_found', 'No such pack version.');
	const etag = `"${file.sha256}"`;
	const headers = {
		'content-type': PACK_FILE_MEDIA_TYPE,
		'content-disposition': `attachment; filename="${id}-${version}.linlipack"`,
		// A version never changes (another file under the same version is refused); one under
		// review is for its publisher and admins only.
		'cache-control': file.listed ? 'public, max-age=31536000, immutable' : 'private, no-store',
		etag
	};
	if (notModified(info.request, etag)) return new Response(null, { status: 304, headers });
	return new Response(file.bytes as unknown as BodyInit, { status: 200, headers });
}
