/**
 * Encrypting and posting push messages in a thread of their own. Each message costs the sender
 * an ECDH key pair, a shared secret and AES-GCM (RFC 8291, about 0.2 ms here), then a TLS write
 * and an HTTP answer to parse, and each new connection a TLS handshake. On the thread that answers
 * requests, that work came in slices of a millisecond or two between requests, and the app's p99
 * rose by about 5 ms while an urgent notification went to 5,000 phones
 * (tests/bench/push-load.ts). Here the request thread only reads subscriptions, paces, and hands
 * over a few hundred bytes per message.
 *
 * The thread runs plain CommonJS given as a string, so it needs no file of its own in the built
 * app; it loads web-push from wherever this module resolves it.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface ThreadSend {
	endpoint: string;
	p256dh: string;
	auth: string;
	/** The JSON payload, encrypted in the thread. */
	payload: string;
	/** The VAPID `Authorization` header. */
	authorization: string;
	ttl: number;
	urgency: 'normal' | 'high';
	timeoutMs: number;
}

/** `status` is the push service's answer when there was one; none means no answer (network). */
export type ThreadAnswer = { ok: true } | { ok: false; status?: number; message: string };

export interface SenderThread {
	send(message: ThreadSend): Promise<ThreadAnswer>;
	/** Ends the thread once its messages are answered (what is still pending answers `ok: false`). */
	close(): Promise<void>;
}

const THREAD_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const https = require('node:https');
const webpush = require(workerData.webPush);
const agent = new https.Agent({
	keepAlive: true,
	maxSockets: workerData.maxSockets,
	...(workerData.ca ? { ca: workerData.ca } : {})
});
parentPort.on('message', (m) => {
	if (m === 'close') {
		agent.destroy();
		parentPort.close();
		return;
	}
	let sending;
	try {
		sending = webpush.sendNotification(
			{ endpoint: m.endpoint, keys: { p256dh: m.p256dh, auth: m.auth } },
			m.payload,
			{
				headers: { Authorization: m.authorization },
				TTL: m.ttl,
				urgency: m.urgency,
				contentEncoding: 'aes128gcm',
				timeout: m.timeoutMs,
				agent
			}
		);
	} catch (error) {
		sending = Promise.reject(error);
	}
	sending.then(
		() => parentPort.postMessage({ id: m.id, ok: true }),
		(error) =>
			parentPort.postMessage({
				id: m.id,
				ok: false,
				status: error instanceof webpush.WebPushError ? error.statusCode : undefined,
				message: String((error && error.message) || error)
			})
	);
});
`;

const webPushPath = () => createRequire(import.meta.url).resolve('web-push');

export function startSenderThread({
	ca,
	maxSockets
}: {
	/** A certificate to trust for push services instead of the usual roots (tests' sinks). */
	ca?: string;
	maxSockets: number;
}): SenderThread {
	const worker = new Worker(THREAD_CODE, {
		eval: true,
		workerData: { webPush: webPushPath(), maxSockets, ca }
	});
	// An idle thread must not keep the process alive; a pending send keeps it referenced.
	worker.unref();
	const pending = new Map<number, (answer: ThreadAnswer) => void>();
	let nextId = 0;
	let dead: string | undefined;
	const failAll = (why: string) => {
		dead ??= why;
		for (const resolve of pending.values()) resolve({ ok: false, message: why });
		pending.clear();
		worker.unref();
	};
	worker.on('message', (answer: ThreadAnswer & { id: number }) => {
		const resolve = pending.get(answer.id);
		if (!resolve) return;
		pending.delete(answer.id);
		if (pending.size === 0) worker.unref();
		const { id: _id, ...rest } = answer;
		resolve(rest);
	});
	worker.on('error', (error) => {
		console.error('push sender thread', error);
		failAll(`the push sender thread failed: ${error.message}`);
	});
	worker.on('exit', () => failAll('the push sender thread stopped'));
	return {
		send(message) {
			if (dead) return Promise.resolve({ ok: false, message: dead });
			const id = nextId++;
			return new Promise((resolve) => {
				pending.set(id, resolve);
				worker.ref();
				worker.postMessage({ id, ...message });
			});
		},
		async close() {
			if (dead) return;
			const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
			worker.postMessage('close');
			// A thread that does not end on its own (a socket left open) is ended.
			const timer = setTimeout(() => void worker.terminate(), 5_000);
			await exited;
			clearTimeout(timer);
		}
	};
}
