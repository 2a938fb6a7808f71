/**
 * The thread that encrypts and posts push messages (lib/server/push/sender-thread.ts): what it
 * answers when the push service answers, when it cannot be reached, and once the thread has
 * stopped. A message is never left without an answer: the round counts it as sent, gone, failed
 * or to retry.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSenderThread } from '../../src/lib/server/push/sender-thread';
import { startSink, type Sink } from '../support/push-sink';

function phoneKeys() {
	const ecdh = createECDH('prime256v1');
	ecdh.generateKeys();
	return {
		p256dh: ecdh.getPublicKey().toString('base64url'),
		auth: randomBytes(16).toString('base64url')
	};
}

const message = (endpoint: string) => ({
	endpoint,
	...phoneKeys(),
	payload: JSON.stringify({ v: 1, title: '停水通知', body: '明早九時至十二時', url: '/news/1' }),
	authorization: 'vapid t=x, k=y',
	ttl: 60,
	urgency: 'high' as const,
	timeoutMs: 5_000
});

describe('the push sender thread', () => {
	let sink: Sink;
	beforeAll(async () => {
		sink = await startSink();
		sink.answer = (path) => (path.endsWith('/gone') ? 410 : path.endsWith('/busy') ? 503 : 201);
	});
	afterAll(() => sink.close());

	it("answers with the push service's status, and with none when the service cannot be reached", async () => {
		const thread = startSenderThread({ maxSockets: 4, ca: sink.certificate.cert });
		const answers = await Promise.all([
			thread.send(message(`${sink.origin}/push/ok`)),
			thread.send(message(`${sink.origin}/push/gone`)),
			thread.send(message(`${sink.origin}/push/busy`)),
			// Nothing listens on port 1.
			thread.send(message('https://127.0.0.1:1/push/nowhere'))
		]);
		expect(answers[0]).toEqual({ ok: true });
		expect(answers[1]).toMatchObject({ ok: false, status: 410 });
		expect(answers[2]).toMatchObject({ ok: false, status: 503 });
		expect(answers[3]).toMatchObject({ ok: false });
		expect((answers[3] as { status?: number }).status).toBeUndefined();
		// The encrypted body reached the service with the headers the sender gave.
		const received = sink.received.find((r) => r.path === '/push/ok')!;
		expect(received.headers['content-encoding']).toBe('aes128gcm');
		expect(received.headers.urgency).toBe('high');
		expect(received.headers.authorization).toBe('vapid t=x, k=y');
		expect(received.body.length).toBeGreaterThan(86);
		await thread.close();
	});

	it('a certificate it does not trust is a failure to retry, not a delivery', async () => {
		// No `ca`: the sink's self-signed certificate is not trusted.
		const thread = startSenderThread({ maxSockets: 1 });
		const answer = await thread.send(message(`${sink.origin}/push/untrusted`));
		expect(answer).toMatchObject({ ok: false });
		expect((answer as { status?: number }).status).toBeUndefined();
		expect(sink.received.some((r) => r.path === '/push/untrusted')).toBe(false);
		await thread.close();
	});

	it('once stopped, it answers every message at once as not sent', async () => {
		const thread = startSenderThread({ maxSockets: 1, ca: sink.certificate.cert });
		await thread.close();
		const answer = await thread.send(message(`${sink.origin}/push/late`));
		expect(answer).toMatchObject({ ok: false, message: expect.stringContaining('stopped') });
		expect(sink.received.some((r) => r.path === '/push/late')).toBe(false);
	});
});
