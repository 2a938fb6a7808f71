/**
 * The sync protocol between a device and the server: one schema per message, used by the client
 * (to build requests and read answers) and the server (to validate what it receives).
 * See docs/sync.md. Relative imports only (shared with the CLI).
 */
import * as v from 'valibot';
import { MAX_SEQ, Seq, TimeMs } from './bounds';

/** Raised when a message changes incompatibly; older apps are then asked to update. */
export const SYNC_SCHEMA_VERSION = 1;
/** Mutations per push request. */
export const MAX_PUSH_BATCH = 100;
/** Bytes per push request body. */
export const MAX_PUSH_BYTES = 256 * 1024;
/** Changes per pull page. */
export const MAX_PULL_LIMIT = 500;
export { MAX_SEQ };

export const ClientId = v.pipe(v.string(), v.uuid('clientId must be a UUID'));
/** 32 random bytes, base64url. */
export const ClientSecret = v.pipe(
	v.string(),
	v.regex(/^[A-Za-z0-9_-]{43}$/, 'secret must be 32 random bytes, base64url')
);

export const RegisterRequest = v.strictObject({
	schemaVersion: v.pipe(v.number(), v.integer()),
	clientId: ClientId,
	secret: ClientSecret,
	/**
	 * The first seq this device will send. A device the server has lost (a database restored from
	 * a backup) registers again with changes still waiting from seq N on; they must not look like
	 * a gap. Only used when the server creates the device.
	 */
	nextSeq: v.optional(Seq)
});
export type RegisterRequest = v.InferOutput<typeof RegisterRequest>;

export const RegisterResponse = v.object({ residentId: v.string(), serverTime: v.number() });
export type RegisterResponse = v.InferOutput<typeof RegisterResponse>;

export const Mutation = v.strictObject({
	seq: Seq,
	type: v.pipe(v.string(), v.regex(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/, 'unknown mutation type')),
	payload: v.unknown(),
	createdAt: TimeMs()
});
export type Mutation = v.InferOutput<typeof Mutation>;

export const PushRequest = v.strictObject({
	schemaVersion: v.pipe(v.number(), v.integer()),
	mutations: v.pipe(v.array(Mutation), v.minLength(1), v.maxLength(MAX_PUSH_BATCH))
});
export type PushRequest = v.InferOutput<typeof PushRequest>;

/** Values a rejection message may mention; never personal data. */
export const ResultParams = v.record(v.string(), v.union([v.string(), v.number()]));

export const MutationResult = v.variant('status', [
	v.object({
		status: v.literal('applied'),
		seq: v.number(),
		/** What happened, for the UI: e.g. a task sign-up is "confirmed" or "waitlisted". */
		outcome: v.optional(v.string())
	}),
	v.object({
		status: v.literal('rejected'),
		seq: v.number(),
		/** A translation key in the sync namespace (sync:rejected.<code>). */
		code: v.string(),
		params: v.optional(ResultParams)
	})
]);
export type MutationResult = v.InferOutput<typeof MutationResult>;

export const PushResponse = v.object({
	results: v.array(MutationResult),
	lastSeq: v.number(),
	serverTime: v.number()
});
export type PushResponse = v.InferOutput<typeof PushResponse>;

export const Change = v.object({
	seq: v.number(),
	collection: v.string(),
	id: v.string(),
	deleted: v.optional(v.literal(true)),
	data: v.optional(v.unknown())
});
export type Change = v.InferOutput<typeof Change>;

export const PullResponse = v.object({
	changes: v.array(Change),
	cursor: v.number(),
	more: v.boolean(),
	serverTime: v.number()
});
export type PullResponse = v.InferOutput<typeof PullResponse>;

export const LinkCodeResponse = v.object({ code: v.string(), expiresAt: v.number() });
export const LinkRequest = v.strictObject({
	code: v.pipe(v.string(), v.regex(/^[A-Z2-9]{8}$/, 'code must be 8 letters and digits'))
});
export const LinkResponse = v.object({ residentId: v.string() });

/** The phones that hold one resident's records (GET /api/sync/devices). */
export const DevicesResponse = v.object({
	devices: v.array(
		v.object({
			id: v.string(),
			createdAt: v.number(),
			lastSeenAt: v.number(),
			current: v.boolean()
		})
	)
});
export type DeviceInfo = v.InferOutput<typeof DevicesResponse>['devices'][number];
export const RemoveDeviceRequest = v.strictObject({ clientId: ClientId });
export const RemoveDeviceResponse = v.object({ removed: v.string() });

/** Every error answer of the API: a stable code, an English message, where it came from. */
export interface ApiError {
	error: string;
	message: string;
	/** For bad input: the path of the offending field, e.g. "mutations.0.seq". */
	path?: string;
	params?: Record<string, string | number>;
}

/** A push holding organizers' changes (door check-ins) with no staff session: 401 with this code. */
export const STAFF_SESSION_REQUIRED = 'staff_session_required';
