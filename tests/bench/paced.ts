// An open-loop load generator at a truly fixed rate (the method of wrk2): request i is due at
// start + i / rate, whatever happened before, and its latency counts from when it was due, so a
// server stall counts in full for every request that should have gone out during it.
//
// autocannon's overallRate is not that: each connection sends its per-second quota as fast as it
// can at the start of every second, so "500 req/s" arrives as a burst of 500 each second, and its
// coordinated-omission correction assumes 1 ms between requests, adding hundreds of synthetic
// samples per slow one. We keep autocannon for the maximum throughput (closed loop) only.
import http from 'node:http';
import { percentile } from './lib';

export interface PacedRequest {
	method?: 'GET' | 'POST';
	path: string;
	headers: Record<string, string>;
	body?: string;
	/** Called when the answer (or an error) is in. */
	done?: () => void;
}

export interface PacedResult {
	sent: number;
	ok: number;
	errors: number;
	non2xx: number;
	p50: number;
	p90: number;
	p99: number;
	max: number;
}

export async function paced(options: {
	port: number;
	rate: number;
	seconds: number;
	/** The next request, or undefined when none can be made (counted as an error). */
	next: () => PacedRequest | undefined;
	maxSockets?: number;
	/** Each answered request: when it was due (performance.now()) and its latency in ms. */
	sample?: (due: number, latency: number) => void;
}): Promise<PacedResult> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
	const total = Math.round(options.rate * options.seconds);
	const interval = 1000 / options.rate;
	const latencies: number[] = [];
	let errors = 0;
	let non2xx = 0;
	let sent = 0;
	let done = 0;
	const finished = new Promise<void>((resolve) => {
		const start = performance.now();
		const send = (due: number) => {
			const next = options.next();
			// Nothing free to send with (every phone still waiting for its last answer): the server
			// has fallen behind; the request that was due counts as an error, not as a wait.
			if (!next) {
				errors++;
				if (++done === total) resolve();
				return;
			}
			const { method = 'POST', path, headers, body, done: answered } = next;
			const request = http.request(
				{
					host: '127.0.0.1',
					port: options.port,
					path,
					method,
					agent,
					headers:
						body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) }
				},
				(response) => {
					response.resume();
					response.on('end', () => {
						answered?.();
						if (response.statusCode! >= 200 && response.statusCode! < 300) {
							const latency = performance.now() - due;
							latencies.push(latency);
							options.sample?.(due, latency);
						} else non2xx++;
						if (++done === total) resolve();
					});
				}
			);
			request.on('error', () => {
				answered?.();
				errors++;
				if (++done === total) resolve();
			});
			request.end(body);
		};
		const tick = () => {
			const now = performance.now();
			while (sent < total && start + sent * interval <= now) send(start + sent++ * interval);
			if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
		};
		tick();
	});
	await finished;
	agent.destroy();
	latencies.sort((a, b) => a - b);
	return {
		sent,
		ok: latencies.length,
		errors,
		non2xx,
		p50: percentile(latencies, 50),
		p90: percentile(latencies, 90),
		p99: percentile(latencies, 99),
		max: latencies.at(-1) ?? NaN
	};
}
