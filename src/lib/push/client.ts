/**
 * Turning Web Push on and off on this phone: the browser's permission, its push subscription
 * (made with the server's VAPID key), and the server's record of it with the topics this phone
 * follows and its language. Loaded only when the reader presses a button (Settings).
 */
import { keyBytes, PUSH_STATE_KEY, type PushState } from '$shared/push';
import { authorization } from '$lib/sync/transport';
import { deviceCredentials, getMeta } from '$lib/sync/meta';
import type { SyncTools } from '$lib/sync/service.svelte';

export type PushProblem = 'unsupported' | 'denied' | 'offline' | 'server';

export class PushError extends Error {
	constructor(readonly problem: PushProblem) {
		super(problem);
	}
}

const TOPICS_KEY = 'linli.push.topics';

export function pushSupported(): boolean {
	return (
		typeof navigator !== 'undefined' &&
		'serviceWorker' in navigator &&
		typeof window !== 'undefined' &&
		'PushManager' in window &&
		'Notification' in window
	);
}

/** The topics this phone follows, as last confirmed by the server (empty when push is off). */
export function storedTopics(): string[] {
	try {
		const value = JSON.parse(localStorage.getItem(TOPICS_KEY) ?? '[]') as unknown;
		return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
	} catch {
		return [];
	}
}

function storeTopics(topics: string[]) {
	try {
		if (topics.length) localStorage.setItem(TOPICS_KEY, JSON.stringify(topics));
		else localStorage.removeItem(TOPICS_KEY);
	} catch {
		// private mode: the server still knows
	}
}

async function call(path: string, init: RequestInit): Promise<Response> {
	let response: Response;
	try {
		response = await fetch(path, init);
	} catch {
		throw new PushError('offline');
	}
	if (!response.ok) throw new PushError('server');
	return response;
}

/** For the service worker's pushsubscriptionchange (service-worker/push.ts). */
async function rememberPush(tools: SyncTools, state: PushState | undefined) {
	const db = await tools.database();
	if (state) await db.kv.put({ key: PUSH_STATE_KEY, value: state });
	else await db.kv.delete(PUSH_STATE_KEY);
}

async function credentials(tools: SyncTools) {
	const db = await tools.database();
	const own = await deviceCredentials(db);
	if (!(await getMeta(db, 'registered'))) await tools.engine.register(db, own);
	return own;
}

/**
 * Follows `topics` on this phone in `lang` (asking the browser's permission the first time).
 * Call only from a button press: browsers refuse permission prompts otherwise.
 */
export async function followTopics(tools: SyncTools, topics: string[], lang: string) {
	if (!pushSupported()) throw new PushError('unsupported');
	if (topics.length === 0) return stopPush(tools);
	const permission =
		Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
	if (permission !== 'granted') throw new PushError('denied');
	const registration = await navigator.serviceWorker.ready;
	const { publicKey } = (await (await call('/api/push/key', {})).json()) as { publicKey: string };
	const subscription =
		(await registration.pushManager.getSubscription()) ??
		(await registration.pushManager.subscribe({
			userVisibleOnly: true,
			applicationServerKey: keyBytes(publicKey)
		}));
	const json = subscription.toJSON();
	const own = await credentials(tools);
	const response = await call('/api/push/subscription', {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: authorization(own) },
		body: JSON.stringify({
			subscription: { endpoint: json.endpoint, keys: json.keys },
			lang,
			topics
		})
	});
	const saved = ((await response.json()) as { topics: string[] }).topics;
	storeTopics(saved);
	await rememberPush(tools, { topics: saved, lang });
	return saved;
}

/** Turns push off on this phone: the server forgets the subscription, the browser drops it. */
export async function stopPush(tools: SyncTools): Promise<string[]> {
	const own = await credentials(tools);
	await call('/api/push/subscription', {
		method: 'DELETE',
		headers: { authorization: authorization(own) }
	});
	storeTopics([]);
	await rememberPush(tools, undefined);
	if (pushSupported()) {
		const registration = await navigator.serviceWorker.ready;
		await (await registration.pushManager.getSubscription())?.unsubscribe();
	}
	return [];
}
