/**
 * How the built server treats connections, over real sockets (src/node/connection.js): refused
 * requests reach the client as answers, never as resets; slow bodies are cut off; a missing
 * proxy address header falls back to the socket's address.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_PORT } from './constants';
import { ServerProcess } from './server-process';

const PORT = E2E_PORT + 5;
const SIZES = [16 * 1024, 128 * 1024, 300 * 1024, 1024 * 1024];
const TRIES = 20;

test.describe('connections to the built server', () => {
	test.describe.configure({ mode: 'serial', timeout: 120_000 });
	let server: ServerProcess;
	let device: { clientId: string; secret: string };

	test.beforeAll(async () => {
		rmSync(`test-results/data-${PORT}`, { recursive: true, force: true });
		server = new ServerProcess(PORT, 'build', {
			LINLI_DRAIN_MS: '1500',
			LINLI_REQUEST_TIMEOUT_MS: '3000',
			LINLI_HEADERS_TIMEOUT_MS: '2000',
			LINLI_RATE_IP_PER_MINUTE: '100000',
			LINLI_RATE_CLIENT_PER_MINUTE: '100000',
			LINLI_RATE_REGISTER_PER_HOUR: '100000',
			ADDRESS_HEADER: 'x-forwarded-for'
		});
		await server.start();
		device = {
			clientId: randomUUID(),
			secret: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
		};
		const registered = await fetch(`${server.url}/api/sync/register`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.1' },
			body: JSON.stringify({ schemaVersion: 1, ...device })
		});
		expect(registered.status).toBe(200);
	});
	test.afterAll(async () => {
		await server?.stop();
	});

	/** One push with a body of `size` bytes through node:http; the status, or the error's code. */
	function push(size: number, authorization: string): Promise<number | string> {
		const body = Buffer.alloc(size, 'a');
		return new Promise((resolve) => {
			const req = httpRequest(
				`${server.url}/api/sync/push`,
				{
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						'content-length': size,
						authorization,
						'x-forwarded-for': '192.0.2.2'
					}
				},
				(res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode ?? 0));
					res.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
				}
			);
			req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
			req.end(body);
		});
	}

	for (const [status, what] of [
		[401, 'an unknown device'],
		[413, 'a body over the limit']
	] as const) {
		test(`${what}: ${status} reaches the client for bodies of 16 KB to 1 MB, ${TRIES} tries each, no reset`, async () => {
			const auth =
				status === 401
					? `Device ${randomUUID()}:${device.secret}`
					: `Device ${device.clientId}:${device.secret}`;
			const outcomes = new Map<string, number>();
			for (const size of SIZES) {
				// 401 for every size; 413 needs a body over the 256 KiB limit.
				if (status === 413 && size <= 256 * 1024) continue;
				for (let i = 0; i < TRIES; i++) {
					const outcome = String(await push(size, auth));
					const key = `${size} → ${outcome}`;
					outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
				}
			}
			const expected = new Map(
				SIZES.filter((size) => status === 401 || size > 256 * 1024).map((size) => [
					`${size} → ${status}`,
					TRIES
				])
			);
			expect(outcomes).toEqual(expected);
		});
	}

	test('a 413 without Content-Length (a chunked body) also reaches the client', async () => {
		const outcomes: (number | string)[] = [];
		for (let i = 0; i < TRIES; i++) {
			outcomes.push(
				await new Promise<number | string>((resolve) => {
					const req = httpRequest(
						`${server.url}/api/sync/push`,
						{
							method: 'POST',
							headers: {
								'content-type': 'application/json',
								authorization: `Device ${device.clientId}:${device.secret}`,
								'x-forwarded-for': '192.0.2.3'
							}
						},
						(res) => {
							res.resume();
							res.on('end', () => resolve(res.statusCode ?? 0));
						}
					);
					req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
					for (let chunk = 0; chunk < 32; chunk++) req.write(Buffer.alloc(16 * 1024, 'b'));
					req.end();
				})
			);
		}
		expect(outcomes).toEqual(Array(TRIES).fill(413));
	});

	/** A raw socket: what it received, and how long until the server closed it. */
	function trickle(head: string, byteEveryMs: number, limitMs: number) {
		return new Promise<{ received: string; closedAfterMs: number | null }>((resolve) => {
			// Half-open allowed: the client goes on sending after the server's FIN, as a slow
			// attacker would, so only the server's own limit can close the connection.
			const socket = connect({ port: PORT, host: '127.0.0.1', allowHalfOpen: true });
			const started = Date.now();
			let received = '';
			let timer: ReturnType<typeof setInterval> | undefined;
			socket.on('connect', () => {
				socket.write(head);
				timer = setInterval(() => {
					if (!socket.destroyed && socket.writable) socket.write('x');
				}, byteEveryMs);
			});
			socket.on('data', (chunk) => (received += chunk.toString()));
			socket.on('error', () => {});
			socket.on('close', () => {
				clearInterval(timer);
				resolve({ received, closedAfterMs: Date.now() - started });
			});
			setTimeout(() => {
				clearInterval(timer);
				socket.destroy();
				resolve({ received, closedAfterMs: null });
			}, limitMs);
		});
	}

	test('a refused request whose body trickles in byte by byte is answered, then closed promptly', async () => {
		const head =
			'POST /api/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
			`Authorization: Device ${randomUUID()}:${device.secret}\r\nContent-Length: 100000\r\n\r\n`;
		const { received, closedAfterMs } = await trickle(head, 100, 20_000);
		expect(received).toMatch(/^HTTP\/1\.1 401/);
		expect(received.toLowerCase()).toContain('connection: close');
		// LINLI_DRAIN_MS is 1.5 s here: closed long before the 20 s the client would go on.
		expect(closedAfterMs).not.toBeNull();
		expect(closedAfterMs!).toBeLessThan(10_000);
	});

	test('an accepted request whose body never finishes arriving is cut off (408)', async () => {
		const head =
			'POST /api/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
			`Authorization: Device ${device.clientId}:${device.secret}\r\nContent-Length: 100000\r\n\r\n`;
		const { received, closedAfterMs } = await trickle(head, 100, 20_000);
		expect(received).toMatch(/^HTTP\/1\.1 408/);
		expect(closedAfterMs).not.toBeNull();
	});

	test('headers that never finish arriving are cut off', async () => {
		const { closedAfterMs } = await trickle(
			'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ',
			100,
			20_000
		);
		expect(closedAfterMs).not.toBeNull();
	});

	test('ADDRESS_HEADER set but missing from a request: the socket address counts, no 500, logged once', async () => {
		for (let i = 0; i < 2; i++) {
			const response = await fetch(`${server.url}/api/sync/register`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					schemaVersion: 1,
					clientId: randomUUID(),
					secret: device.secret
				})
			});
			expect(response.status).toBe(200);
		}
		const page = await fetch(`${server.url}/staff/sign-in`);
		expect(page.status).toBe(200);
		const log = server.output.join('');
		expect(
			log.match(/ADDRESS_HEADER=x-forwarded-for is set, but a request came without it/g)
		).toHaveLength(1);
	});
});
