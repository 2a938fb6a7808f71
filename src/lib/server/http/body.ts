import * as v from 'valibot';
import { HttpError } from './errors';

/** Reads a JSON body of at most maxBytes (413 beyond), refusing anything that is not JSON (400). */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > maxBytes) {
		throw new HttpError(413, 'too_large', `The request body is over ${maxBytes} bytes.`, {
			params: { max: maxBytes }
		});
	}
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/json\b/i.test(type)) {
		throw new HttpError(415, 'json_required', 'Send the body as application/json.');
	}
	const reader = request.body?.getReader();
	if (!reader) throw new HttpError(400, 'malformed_json', 'The request has no body.');
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		let chunk: ReadableStreamReadResult<Uint8Array>;
		try {
			chunk = await reader.read();
		} catch {
			// The client went away mid-body (a dropped connection): nothing to apply, nothing to log.
			throw new HttpError(400, 'aborted', 'The connection closed before the body arrived.');
		}
		const { done, value } = chunk;
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			// Not cancel(): that destroys the connection, and the client would see a reset instead
			// of the 413. The server answers with `Connection: close` and drops the rest
			// (src/node/connection.js).
			reader.releaseLock();
			throw new HttpError(413, 'too_large', `The request body is over ${maxBytes} bytes.`, {
				params: { max: maxBytes }
			});
		}
		chunks.push(value);
	}
	const text = new TextDecoder().decode(Buffer.concat(chunks));
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new HttpError(400, 'malformed_json', 'The request body is not valid JSON.');
	}
}

/** Validates against a schema; the first problem becomes a 400 naming the field's path. */
export function parseWith<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	const result = v.safeParse(schema, input);
	if (result.success) return result.output;
	const issue = result.issues[0];
	const path = issue.path?.map((p) => String(p.key)).join('.') || '(body)';
	throw new HttpError(400, 'invalid', `${path}: ${issue.message}`, { path });
}
