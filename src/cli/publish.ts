/**
 * `linli pack publish`: the client side of `POST /api/packs` (docs/pack-format.md §8). The file is
 * verified here first, so a publisher learns about a broken or unsigned file before uploading it;
 * the server checks everything again.
 */
import { basename } from 'node:path';
import type { Lang } from '../lib/i18n/languages';
import type { Problem } from '../lib/content/problems';
import { PACK_FILE_MEDIA_TYPE } from '../lib/packfile/format';
import { openPackFile } from '../lib/packfile/open';
import { bufferSource } from '../lib/shared/crypto/index';
import { EXIT } from './exit';
import { readPackFileArg } from './files';
import { t } from './messages';
import { printProblems, UsageError } from './pack';

const TIMEOUT_MS = 120_000;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface PublishOptions {
	server?: string;
	token?: string;
}

/** The endpoint under the server's address (which may have a base path). */
export function publishEndpoint(server: string, lang: Lang): URL {
	let base: URL;
	try {
		base = new URL(server.endsWith('/') ? server : `${server}/`);
	} catch {
		throw new UsageError(t(lang, 'usage.badServer'));
	}
	// The token is a password: never send it in clear text over the network.
	const local = LOCAL_HOSTS.has(base.hostname);
	if (base.protocol !== 'https:' && !(base.protocol === 'http:' && local)) {
		throw new UsageError(t(lang, 'usage.badServer'));
	}
	return new URL('api/packs', base);
}

interface Answer {
	error?: string;
	message?: string;
	status?: string;
	id?: string;
	version?: string;
	problems?: Problem[];
}

async function readAnswer(response: Response): Promise<Answer> {
	try {
		const body: unknown = await response.json();
		return body && typeof body === 'object' ? (body as Answer) : {};
	} catch {
		return {};
	}
}

/** A problem as the server sent it, made safe to print whatever its shape. */
function serverProblem(raw: unknown): Problem {
	const item = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
	const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
	const params: Problem['params'] = {};
	if (item.params && typeof item.params === 'object') {
		for (const [key, value] of Object.entries(item.params)) {
			if (typeof value === 'string' || typeof value === 'number') params[key] = value;
		}
	}
	return {
		severity: item.severity === 'warning' ? 'warning' : 'error',
		code: text(item.code, 'packfile.archive.corrupt'),
		file: text(item.file, 'pack'),
		line: typeof item.line === 'number' ? item.line : 1,
		column: typeof item.column === 'number' ? item.column : 1,
		params
	};
}

export async function packPublish(
	file: string | undefined,
	options: PublishOptions,
	lang: Lang
): Promise<number> {
	if (!file) {
		throw new UsageError(
			t(lang, 'usage.needFile', {
				command: 'pack publish',
				usage: 'linli pack publish <file> --server <url> --token <token>'
			})
		);
	}
	if (!options.server) throw new UsageError(t(lang, 'usage.needServer'));
	const endpoint = publishEndpoint(options.server, lang);
	const token = options.token ?? process.env.LINLI_PUBLISH_TOKEN;
	if (!token) throw new UsageError(t(lang, 'usage.needToken'));

	const bytes = await readPackFileArg(file, lang);
	const opened = await openPackFile(bytes, { label: basename(file), requireSignature: true });
	if (!opened.ok) {
		const errors = printProblems(opened.problems, lang);
		if (opened.signature.status === 'unsigned') console.log(t(lang, 'publish.unsigned', { file }));
		else console.log(t(lang, 'verify.failed', { file, errors }));
		return EXIT.problems;
	}

	const server = endpoint.origin;
	console.log(t(lang, 'publish.sending', { file, kb: (bytes.length / 1024).toFixed(1), server }));
	let response: Response;
	try {
		response = await fetch(endpoint, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${token}`,
				'content-type': PACK_FILE_MEDIA_TYPE,
				accept: 'application/json',
				'accept-language': lang
			},
			body: bufferSource(bytes),
			redirect: 'error',
			signal: AbortSignal.timeout(TIMEOUT_MS)
		});
	} catch (error) {
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		const detail = cause?.code ?? cause?.message ?? (error as Error).message;
		console.error(t(lang, 'publish.network', { server, detail }));
		return EXIT.server;
	}
	const answer = await readAnswer(response);
	const status = response.status;
	const message = answer.message ?? answer.error ?? response.statusText;
	if (status === 200 || status === 201) {
		const params = {
			id: answer.id ?? opened.manifest?.id ?? '',
			version: answer.version ?? opened.manifest?.version ?? '',
			status: answer.status ?? ''
		};
		const key =
			answer.status === 'pending' || answer.status === 'approved' ? answer.status : 'accepted';
		console.log(t(lang, `publish.${key}`, params));
		return EXIT.ok;
	}
	if (status === 401) {
		console.error(t(lang, 'publish.unauthorized'));
		return EXIT.unauthorized;
	}
	if (status === 403) {
		console.error(t(lang, 'publish.forbidden', { message }));
		return EXIT.unauthorized;
	}
	if (status === 404) {
		console.error(t(lang, 'publish.unsupported', { server }));
		return EXIT.server;
	}
	if (status === 413) {
		console.error(t(lang, 'publish.tooLarge'));
		return EXIT.problems;
	}
	if (status === 429) {
		const seconds = Number(response.headers.get('retry-after')) || 60;
		console.error(t(lang, 'publish.rateLimited', { seconds }));
		return EXIT.server;
	}
	if (status >= 500) {
		console.error(t(lang, 'publish.serverError', { status }));
		return EXIT.server;
	}
	if (Array.isArray(answer.problems)) printProblems(answer.problems.map(serverProblem), lang);
	console.error(t(lang, 'publish.refused', { status, message }));
	return EXIT.problems;
}
