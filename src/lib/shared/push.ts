/**
 * Web Push between the phone and the server (issue 10): what the phone sends to subscribe, and
 * what a push message carries to the service worker. Relative imports only (shared with the CLI
 * and the service worker).
 */
import * as v from 'valibot';
import { LANGUAGES } from '../i18n/languages';

/** The topic every subscription may follow: notices for the whole server. */
export const TOPIC_ALL = 'all';
/** A neighbourhood's topic. */
export const neighbourhoodTopic = (neighbourhoodId: string) => `n:${neighbourhoodId}`;

/** Topics one subscription may follow at most. */
export const MAX_TOPICS = 50;
export const MAX_ENDPOINT_LENGTH = 1024;

export const Topic = v.pipe(
	v.string(),
	v.regex(/^(all|n:[A-Za-z0-9_-]{1,64})$/, 'topic must be "all" or "n:<neighbourhood id>"')
);

const base64url = (bytes: number, what: string) =>
	v.pipe(
		v.string(),
		v.regex(
			new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}={0,2}$`),
			`${what} must be ${bytes} bytes, base64url`
		)
	);

export const PushSubscriptionRequest = v.strictObject({
	subscription: v.object({
		endpoint: v.pipe(
			v.string(),
			v.maxLength(MAX_ENDPOINT_LENGTH, 'endpoint is too long'),
			v.url('endpoint must be a URL'),
			v.startsWith('https://', 'endpoint must be an https URL')
		),
		expirationTime: v.optional(v.nullable(v.number())),
		keys: v.strictObject({
			/** The subscription's P-256 public key, uncompressed (65 bytes). */
			p256dh: base64url(65, 'keys.p256dh'),
			/** The subscription's auth secret (16 bytes). */
			auth: base64url(16, 'keys.auth')
		})
	}),
	lang: v.picklist(LANGUAGES, 'lang must be en, zh-Hant or zh-Hans'),
	topics: v.pipe(
		v.array(Topic),
		v.maxLength(MAX_TOPICS, `at most ${MAX_TOPICS} topics`),
		v.check((topics) => new Set(topics).size === topics.length, 'topics must not repeat')
	)
});
export type PushSubscriptionRequest = v.InferOutput<typeof PushSubscriptionRequest>;

export const PushSubscriptionResponse = v.object({ topics: v.array(v.string()) });
export type PushSubscriptionResponse = v.InferOutput<typeof PushSubscriptionResponse>;

export const PushKeyResponse = v.object({ publicKey: v.string() });

/** What a push message carries to the service worker (JSON, encrypted for the phone). */
export const PushPayload = v.object({
	v: v.literal(1),
	title: v.string(),
	body: v.string(),
	/** A path on this server to open when the notification is tapped. */
	url: v.string(),
	/** Notifications with one tag replace each other. */
	tag: v.optional(v.string()),
	/** The service worker starts a sync, so what the notification is about is readable offline. */
	sync: v.boolean()
});
export type PushPayload = v.InferOutput<typeof PushPayload>;

/** A VAPID public key (base64url) as the bytes `pushManager.subscribe` wants. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
	const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
	const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
	const bytes = new Uint8Array(new ArrayBuffer(binary.length));
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}

/**
 * The device database's record (kv table) of what this phone follows by push and in which
 * language, so the service worker can subscribe again when the browser replaces the
 * subscription (pushsubscriptionchange), with no page open.
 */
export const PUSH_STATE_KEY = 'push';
export interface PushState {
	topics: string[];
	lang: string;
}
