/**
 * How the device talks to the server. The engine only sees this interface: the app uses HTTP,
 * the fault-injection test a simulated network in front of the real server code.
 */
import * as v from 'valibot';
import {
	FollowResponse,
	FollowsResponse,
	HomeResponse,
	UnfollowResponse
} from '../shared/neighbourhoods';
import {
	DevicesResponse,
	LinkCodeResponse,
	LinkResponse,
	PullResponse,
	PushResponse,
	RegisterResponse,
	RemoveDeviceResponse,
	SYNC_SCHEMA_VERSION,
	type ApiError,
	type PushRequest,
	type RegisterRequest
} from '$shared/sync';

export interface Credentials {
	clientId: string;
	secret: string;
}

export type FailureKind = 'network' | 'timeout' | 'http' | 'protocol';

/** Why a request failed: no network, too slow, or the server's answer (status and error code). */
export class TransportError extends Error {
	constructor(
		readonly kind: FailureKind,
		message: string,
		readonly status?: number,
		readonly code?: string,
		readonly retryAfter?: number
	) {
		super(message);
		this.name = 'TransportError';
	}
}

export interface SyncTransport {
	register(body: RegisterRequest): Promise<RegisterResponse>;
	push(auth: Credentials, body: PushRequest): Promise<PushResponse>;
	pull(auth: Credentials, cursor: number, limit: number): Promise<PullResponse>;
	linkCode(auth: Credentials): Promise<v.InferOutput<typeof LinkCodeResponse>>;
	link(auth: Credentials, code: string): Promise<v.InferOutput<typeof LinkResponse>>;
	devices(auth: Credentials): Promise<v.InferOutput<typeof DevicesResponse>>;
	removeDevice(
		auth: Credentials,
		clientId: string
	): Promise<v.InferOutput<typeof RemoveDeviceResponse>>;
}

/** Following neighbourhoods (the app's HttpTransport has it; test transports need not). */
export interface NeighbourhoodTransport {
	follows(auth: Credentials): Promise<v.InferOutput<typeof FollowsResponse>>;
	/** By join code, or by id (a neighbourhood picked from the list). */
	follow(
		auth: Credentials,
		target: string | { neighbourhoodId: string }
	): Promise<v.InferOutput<typeof FollowResponse>>;
	unfollow(
		auth: Credentials,
		neighbourhoodId: string
	): Promise<v.InferOutput<typeof UnfollowResponse>>;
	setHome(auth: Credentials, neighbourhoodId: string): Promise<v.InferOutput<typeof HomeResponse>>;
}

export const authorization = (auth: Credentials) => `Device ${auth.clientId}:${auth.secret}`;

/** The app's transport: fetch with a timeout, answers checked against the shared schemas. */
export class HttpTransport implements SyncTransport, NeighbourhoodTransport {
	constructor(
		private readonly base = '',
		private readonly timeoutMs = 20_000,
		private readonly fetcher: typeof fetch = (...args) => fetch(...args)
	) {}

	async #call<S extends v.GenericSchema>(
		schema: S,
		path: string,
		init: RequestInit
	): Promise<v.InferOutput<S>> {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), this.timeoutMs);
		let response: Response;
		try {
			response = await this.fetcher(`${this.base}${path}`, {
				...init,
				signal: controller.signal,
				credentials: 'same-origin',
				headers: { 'x-linli-schema': String(SYNC_SCHEMA_VERSION), ...init.headers }
			});
		} catch (error) {
			const timedOut = controller.signal.aborted;
			throw new TransportError(
				timedOut ? 'timeout' : 'network',
				timedOut ? 'request timed out' : String(error)
			);
		} finally {
			clearTimeout(timer);
		}
		let body: unknown;
		try {
			body = await response.json();
		} catch {
			throw new TransportError('http', `HTTP ${response.status} without JSON`, response.status);
		}
		if (!response.ok) {
			const error = body as Partial<ApiError>;
			const retryAfter = Number(response.headers.get('retry-after')) || undefined;
			throw new TransportError(
				'http',
				error.message ?? `HTTP ${response.status}`,
				response.status,
				error.error,
				retryAfter
			);
		}
		const parsed = v.safeParse(schema, body);
		if (!parsed.success)
			throw new TransportError('protocol', 'unexpected answer from the server', response.status);
		return parsed.output;
	}

	register(body: RegisterRequest) {
		return this.#call(RegisterResponse, '/api/sync/register', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	}

	push(auth: Credentials, body: PushRequest) {
		return this.#call(PushResponse, '/api/sync/push', {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: authorization(auth) },
			body: JSON.stringify(body)
		});
	}

	pull(auth: Credentials, cursor: number, limit: number) {
		return this.#call(PullResponse, `/api/sync/pull?cursor=${cursor}&limit=${limit}`, {
			method: 'GET',
			headers: { authorization: authorization(auth) }
		});
	}

	linkCode(auth: Credentials) {
		return this.#call(LinkCodeResponse, '/api/sync/link-code', {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: authorization(auth) },
			body: '{}'
		});
	}

	link(auth: Credentials, code: string) {
		return this.#call(LinkResponse, '/api/sync/link', {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: authorization(auth) },
			body: JSON.stringify({ code })
		});
	}

	devices(auth: Credentials) {
		return this.#call(DevicesResponse, '/api/sync/devices', {
			method: 'GET',
			headers: { authorization: authorization(auth) }
		});
	}

	follows(auth: Credentials) {
		return this.#call(FollowsResponse, '/api/sync/follows', {
			method: 'GET',
			headers: { authorization: authorization(auth) }
		});
	}

	follow(auth: Credentials, target: string | { neighbourhoodId: string }) {
		return this.#call(FollowResponse, '/api/sync/follow', {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: authorization(auth) },
			body: JSON.stringify(typeof target === 'string' ? { code: target } : target)
		});
	}

	unfollow(auth: Credentials, neighbourhoodId: string) {
		return this.#call(UnfollowResponse, '/api/sync/unfollow', {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: authorization(auth) },
			body: JSON.stringify({ neighbourhoodId })
		});
	}

	setHome(auth: Credentials, neighbourhoodId: string) {
		return this.#call(HomeResponse, '/api/sync/home', {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: authorization(auth) },
			body: JSON.stringify({ neighbourhoodId })
		});
	}

	removeDevice(auth: Credentials, clientId: string) {
		return this.#call(RemoveDeviceResponse, '/api/sync/devices/remove', {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: authorization(auth) },
			body: JSON.stringify({ clientId })
		});
	}
}
