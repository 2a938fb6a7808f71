/**
 * Sending push notifications: never inside a request. `notifyTopic` only enqueues one job (per
 * dedupe key, from any process: the queue keeps one); the push worker, in whichever process
 * claims the job (FOR UPDATE SKIP LOCKED on PostgreSQL), encrypts the message for each
 * subscription of the topic (RFC 8291, via web-push) and posts it to the push service, at most
 * `concurrency` at a time and `perSecond` a second. Encrypting and sending take the process's CPU:
 * unpaced, 5,000 messages went out in 4 s and the app's p99 went from 10 to 218 ms meanwhile
 * (tests/bench/push-load.ts); paced, requests keep their usual speed.
 *
 * - 404/410: the push service forgot the subscription; it is dropped.
 * - 429, 5xx, network errors: those subscriptions (only those) are tried again by a follow-up job
 *   after a backoff, up to MAX_ROUNDS rounds; the ones already delivered are not sent twice.
 * - Other answers (400, 403, 413: a bad subscription or a key mismatch) are logged, not retried.
 *
 * The payload carries no personal data: a title and body in the subscription's language, the
 * path to open, and a flag that tells the service worker to sync.
 */
import webpush from 'web-push';
import type { Database } from '../db/connect';
import type { ServerConfig } from '../config';
import { backoffMs, enqueue, JobWorker, type ClaimedJob } from '../jobs';
import { isLang, type Lang } from '../../i18n/languages';
import type { PushPayload } from '../../shared/push';
import { dropEndpoint, subscriptionsOf, type StoredSubscription } from './subscriptions';
import { vapidKeys, type VapidKeys } from './vapid';
import { startSenderThread, type SenderThread } from './sender-thread';

export const PUSH_JOB = 'push.topic';
/** Sending rounds per notification: the first, then retries of the ones that failed softly. */
export const MAX_ROUNDS = 4;
/** Characters of a title and a body (a push payload holds about 4 KB). */
export const MAX_TITLE = 120;
export const MAX_BODY = 400;

/** Text in one or more languages; a phone reads its own, else English, else any. */
export type Texts = Partial<Record<Lang, string>>;

export interface PushMessage {
	title: Texts;
	body: Texts;
	/** A path on this server ("/…") the notification opens. */
	url: string;
	/** Notifications with the same tag replace each other on the phone. */
	tag?: string;
	/** `high` for urgent news (push services wake the phone); default `normal`. */
	urgency?: 'normal' | 'high';
	/** Seconds the push service keeps it for an offline phone (default a day). */
	ttl?: number;
}

interface JobPayload {
	topic: string;
	message: PushMessage;
	/** Sending round, from 1. */
	round: number;
	/** Retry rounds: only these devices. */
	only?: string[];
	dedupeKey: string;
}

function checkMessage(message: PushMessage) {
	const texts = [...Object.values(message.title), ...Object.values(message.body)];
	if (!Object.values(message.title).some((t) => t?.trim()))
		throw new Error('a push message needs a title');
	if (texts.some((t) => t !== undefined && t.length > MAX_BODY))
		throw new Error(`push texts are at most ${MAX_BODY} characters`);
	if (!message.url.startsWith('/') || message.url.startsWith('//'))
		throw new Error('a push message opens a path on this server ("/…")');
}

/**
 * Enqueues a notification to every subscription following `topic`. One job per dedupe key:
 * calling again with the same key (say, the announcement's id), from any process, sends nothing
 * more. Returns false when that key was queued already.
 */
export async function notifyTopic(
	database: Database,
	topic: string,
	message: PushMessage,
	{ dedupeKey, now = Date.now() }: { dedupeKey: string; now?: number }
): Promise<boolean> {
	checkMessage(message);
	const payload: JobPayload = { topic, message, round: 1, dedupeKey };
	const queued = await enqueue(
		database,
		{ kind: PUSH_JOB, key: dedupeKey, payload, maxAttempts: 3 },
		now
	);
	if (queued) kick?.();
	return queued;
}

/** The text for a language: its own, else English, else the first there is. */
export function pickText(texts: Texts, lang: string): string {
	const own = isLang(lang) ? texts[lang] : undefined;
	return own?.trim()
		? own
		: texts.en?.trim()
			? texts.en
			: (Object.values(texts).find((t) => t?.trim()) ?? '');
}

export function payloadFor(message: PushMessage, lang: string): PushPayload {
	return {
		v: 1,
		title: pickText(message.title, lang).slice(0, MAX_TITLE),
		body: pickText(message.body, lang).slice(0, MAX_BODY),
		url: message.url,
		...(message.tag ? { tag: message.tag } : {}),
		sync: true
	};
}

export interface SenderOptions {
	/** Sends at once (default 50). */
	concurrency?: number;
	/** Sends a second at most (default: the config's `push.perSecond`, else unpaced). */
	perSecond?: number;
	/** A certificate to trust for push services instead of the usual roots (tests' sinks). */
	ca?: string;
	/** Milliseconds per request (default 15 s). */
	timeoutMs?: number;
	/** Wait before a retry round (default the queue's backoff: 30 s, 60 s, …). */
	backoff?: (round: number) => number;
}

export type Outcome = 'sent' | 'gone' | 'retry' | 'failed';

export interface RoundResult {
	sent: number;
	gone: number;
	failed: number;
	retry: string[];
}

/** Sends one round of a notification; what failed softly is for the next round. */
export async function sendRound(
	database: Database,
	vapid: VapidKeys,
	job: JobPayload,
	options: SenderOptions
): Promise<RoundResult> {
	const result: RoundResult = { sent: 0, gone: 0, failed: 0, retry: [] };
	const limit = Math.max(1, options.concurrency ?? 50);
	const slot = options.perSecond ? pacer(options.perSecond) : () => Promise.resolve();
	const next = subscriptionReader(database, job);
	// Encrypting and posting happen in a thread of this round (see sender-thread.ts).
	const thread = startSenderThread({
		maxSockets: limit,
		...(options.ca ? { ca: options.ca } : {})
	});
	const payloads = new Map<string, string>();
	const payloadOf = (lang: string) => {
		let payload = payloads.get(lang);
		if (payload === undefined) {
			payload = JSON.stringify(payloadFor(job.message, lang));
			payloads.set(lang, payload);
		}
		return payload;
	};
	// Lanes open a few at first, then one more after each answer and one more every 250 ms (so a
	// push service that hangs on the first messages does not hold the rest back), up to the
	// limit: a new lane opens a new connection (a TLS handshake), and fifty at once held the
	// process for about 80 ms.
	const lanes: Promise<void>[] = [];
	let exhausted = false;
	let failure: { error: unknown } | undefined;
	const open = () => {
		if (exhausted || lanes.length >= limit) return;
		lanes.push(
			lane().catch((error: unknown) => {
				// The subscriptions could not be read: no more lanes; the round fails once all stop.
				exhausted = true;
				failure ??= { error };
			})
		);
	};
	async function lane() {
		while (!failure) {
			const subscription = await next();
			if (!subscription) {
				exhausted = true;
				break;
			}
			await slot();
			const outcome = await sendOne(
				database,
				thread,
				vapid,
				subscription,
				payloadOf(subscription.lang),
				job.message,
				options
			);
			if (outcome === 'retry') result.retry.push(subscription.clientId);
			else if (outcome === 'sent') result.sent++;
			else if (outcome === 'gone') result.gone++;
			else result.failed++;
			open();
		}
	}
	for (let i = 0; i < Math.min(limit, FIRST_LANES); i++) open();
	const ramp = setInterval(open, 250);
	try {
		// The list grows while the first lanes run.
		for (let i = 0; i < lanes.length; i++) await lanes[i];
	} finally {
		clearInterval(ramp);
		await thread.close();
	}
	if (failure) throw failure.error;
	return result;
}

/** Lanes a round starts with (see sendRound). */
const FIRST_LANES = 4;

/** Subscriptions read a page at a time (see SUBSCRIPTION_PAGE). */
const SUBSCRIPTION_PAGE = 500;

/**
 * The round's subscriptions, one at a time, read from the database a page at a time as the lanes
 * need them: reading 5,000 at once held SQLite (synchronous) for about 20 ms, which every request
 * waiting at that moment felt; a page of 500 takes about 2 ms, and memory stays bounded however
 * many phones follow the topic.
 */
function subscriptionReader(
	database: Database,
	job: JobPayload
): () => Promise<StoredSubscription | undefined> {
	let buffer: StoredSubscription[] = [];
	let after: string | undefined;
	let exhausted = false;
	let reading: Promise<void> | undefined;
	return async () => {
		while (buffer.length === 0 && !exhausted) {
			reading ??= subscriptionsOf(database.db, job.topic, job.only, {
				...(after === undefined ? {} : { after }),
				limit: SUBSCRIPTION_PAGE
			}).then(
				(rows) => {
					buffer = rows;
					if (rows.length < SUBSCRIPTION_PAGE) exhausted = true;
					else after = rows.at(-1)!.clientId;
					reading = undefined;
				},
				(error: unknown) => {
					reading = undefined;
					throw error;
				}
			);
			await reading;
		}
		return buffer.shift();
	};
}

/**
 * Send slots `1000 / perSecond` ms apart, shared by every lane of a round; between sends the
 * process answers what came in (a slot that is due at once still waits for the event loop's turn).
 */
function pacer(perSecond: number): () => Promise<void> {
	const gap = 1000 / perSecond;
	let due = performance.now();
	return () => {
		const now = performance.now();
		const at = Math.max(now, due);
		due = at + gap;
		return new Promise((resolve) => {
			if (at - now >= 1) setTimeout(resolve, at - now);
			else setImmediate(resolve);
		});
	};
}

/**
 * VAPID authorization per push service (its origin), signed once and reused for an hour (web-push
 * would sign a JWT for every message: most of the cost of a large fan-out). Valid for 12 hours.
 */
const signed = new Map<string, { header: string; until: number }>();

function vapidAuthorization(vapid: VapidKeys, endpoint: string, now = Date.now()): string {
	const audience = new URL(endpoint).origin;
	const cacheKey = `${vapid.publicKey} ${audience}`;
	const cached = signed.get(cacheKey);
	if (cached && cached.until > now) return cached.header;
	const { Authorization } = webpush.getVapidHeaders(
		audience,
		vapid.subject,
		vapid.publicKey,
		vapid.privateKey,
		'aes128gcm',
		Math.floor(now / 1000) + 12 * 3600
	);
	if (signed.size > 1000) signed.clear();
	signed.set(cacheKey, { header: Authorization, until: now + 3_600_000 });
	return Authorization;
}

async function sendOne(
	database: Database,
	thread: SenderThread,
	vapid: VapidKeys,
	subscription: StoredSubscription,
	payload: string,
	message: PushMessage,
	options: SenderOptions
): Promise<Outcome> {
	const answer = await thread.send({
		endpoint: subscription.endpoint,
		p256dh: subscription.p256dh,
		auth: subscription.auth,
		payload,
		authorization: vapidAuthorization(vapid, subscription.endpoint),
		ttl: message.ttl ?? 86_400,
		urgency: message.urgency ?? 'normal',
		timeoutMs: options.timeoutMs ?? 15_000
	});
	if (answer.ok) return 'sent';
	const { status } = answer;
	if (status === 404 || status === 410) {
		await dropEndpoint(database.db, subscription.clientId, subscription.endpoint);
		return 'gone';
	}
	if (status === undefined || status === 429 || status >= 500) return 'retry';
	console.error(`push to a subscription refused with ${status}`);
	return 'failed';
}

/** Runs one notification job: a round of sending, and a follow-up job for soft failures. */
export async function runPushJob(
	database: Database,
	config: ServerConfig,
	job: ClaimedJob,
	options: SenderOptions = {}
): Promise<RoundResult> {
	const payload = job.payload as JobPayload;
	const vapid = await vapidKeys(config, database);
	const result = await sendRound(database, vapid, payload, options);
	if (result.retry.length && payload.round < MAX_ROUNDS) {
		const wait = (options.backoff ?? backoffMs)(payload.round);
		await enqueue(database, {
			kind: PUSH_JOB,
			key: `${payload.dedupeKey}#${payload.round + 1}`,
			payload: { ...payload, round: payload.round + 1, only: result.retry },
			runAt: Date.now() + wait,
			maxAttempts: 3
		});
	}
	return result;
}

/** The worker that sends notifications (tests make their own and drain it). */
export function pushWorker(
	database: Database,
	config: ServerConfig,
	options: SenderOptions & { worker?: string } = {}
): JobWorker {
	return new JobWorker(
		database,
		{
			[PUSH_JOB]: async (job) =>
				void (await runPushJob(database, config, job, {
					perSecond: config.push.perSecond,
					...options
				}))
		},
		{ concurrency: 2, leaseMs: 15 * 60_000, ...(options.worker ? { worker: options.worker } : {}) }
	);
}

let worker: JobWorker | undefined;
let kick: (() => void) | undefined;

/** How often each process looks for notifications to send (a new one here starts at once). */
const POLL_MS = 5_000;

/** Starts this process's push worker. */
export function startPush(
	database: Database,
	config: ServerConfig,
	/** Runs before each tick: queues what has come due (e.g. scheduled urgent announcements). */
	beforeEach?: () => Promise<void>
) {
	worker?.stop();
	const started = pushWorker(database, config);
	worker = started;
	started.start(POLL_MS, beforeEach);
	kick = () =>
		void started.drain(PUSH_JOB).catch((error: unknown) => console.error('push worker', error));
}
