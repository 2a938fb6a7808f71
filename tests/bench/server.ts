// The sync server (issue 4): single-mutation pushes at a fixed 500 req/s for 20 s (p99 ≤ 100 ms,
// no errors) and the most it can take, on SQLite and on PostgreSQL. Real volunteer.save mutations.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { CONSENT_VERSION } from '../../src/lib/shared/volunteer';
import { ms, report, save, startApp, type Row } from './lib';
import { paced } from './paced';
import { onEachDatabase, type BenchDatabase } from './setup';

const DEVICES = 800;
export { DEVICES };
const RATE = 500;
const SECONDS = 20;
export const LIMITS = {
	LINLI_RATE_CLIENT_PER_MINUTE: '1000000',
	LINLI_RATE_IP_PER_MINUTE: '100000000',
	LINLI_RATE_REGISTER_PER_HOUR: '1000000'
};

interface Device {
	auth: string;
	seq: number;
	volunteerId: string;
}

export async function registerDevices(base: string): Promise<Device[]> {
	const devices: Device[] = [];
	for (let i = 0; i < DEVICES; i += 40) {
		await Promise.all(
			Array.from({ length: 40 }, async () => {
				const clientId = randomUUID();
				const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString(
					'base64url'
				);
				const response = await fetch(`${base}/api/sync/register`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ schemaVersion: 1, clientId, secret })
				});
				if (!response.ok) throw new Error(`register: ${response.status}`);
				devices.push({ auth: `Device ${clientId}:${secret}`, seq: 0, volunteerId: randomUUID() });
			})
		);
	}
	return devices;
}

function pushBody(device: Device) {
	const seq = ++device.seq;
	return JSON.stringify({
		schemaVersion: 1,
		mutations: [
			{
				seq,
				type: 'volunteer.save',
				createdAt: Date.now(),
				payload: {
					id: device.volunteerId,
					name: `Bench volunteer ${seq}`,
					phone: '+852 9123 4567',
					email: '',
					building: 'Block 1',
					unit: '1F',
					skills: ['delivery'],
					firstAidCertified: false,
					hasCar: false,
					skillsOther: '',
					languages: ['yue'],
					availability: ['sat-morning'],
					maxHoursPerWeek: 4,
					notes: '',
					consentVersion: CONSENT_VERSION,
					consentAt: 1
				}
			}
		]
	});
}

/** The most it can take: closed loop, each connection sends as soon as its answer is in. */
async function saturate(base: string, devices: Device[], seconds: number, connections: number) {
	let next = 0;
	return autocannon({
		url: base,
		connections,
		duration: seconds,
		requests: [
			{
				method: 'POST',
				setupRequest: (req) => {
					// Connections ≤ devices / 2: a device is never reused while its last push is in flight.
					const device = devices[next++ % devices.length]!;
					return {
						...req,
						path: '/api/sync/push',
						headers: { 'content-type': 'application/json', authorization: device.auth },
						body: pushBody(device)
					};
				}
			}
		]
	});
}

/**
 * Pushes at a fixed rate (open loop, see paced.ts). A phone never has two pushes in flight, so a
 * device goes back to the idle queue only once its answer is in.
 */
function atRate(port: number, devices: Device[], rate: number, seconds: number) {
	const idle = [...devices];
	return paced({
		port,
		rate,
		seconds,
		next: () => {
			const device = idle.shift();
			// Every phone still waiting for an answer: the server has fallen behind (an error in
			// paced(), not a crash that leaves the app running).
			if (!device) return undefined;
			return {
				path: '/api/sync/push',
				headers: { 'content-type': 'application/json', authorization: device.auth },
				body: pushBody(device),
				done: () => idle.push(device)
			};
		}
	});
}

async function one(target: BenchDatabase, port: number, rows: Row[]) {
	const stop = await startApp(port, { ...target.env, ...LIMITS });
	try {
		const base = `http://127.0.0.1:${port}`;
		const devices = await registerDevices(base);
		// A fresh process loads route modules and compiles hot paths in its first seconds.
		const warm = await atRate(port, devices, RATE, 5);
		rows.push({
			name: `${target.name}: warm-up, ${RATE} req/s for 5 s, p99 (cold start)`,
			value: ms(warm.p99)
		});
		const fixed = await atRate(port, devices, RATE, SECONDS);
		const fixedErrors = fixed.errors + fixed.non2xx;
		rows.push({
			name: `${target.name}: push at ${RATE} req/s for ${SECONDS} s, p99 (${fixed.sent} requests)`,
			value: ms(fixed.p99),
			budget: '100 ms',
			pass: fixed.p99 <= 100 && fixedErrors === 0
		});
		rows.push({
			name: `${target.name}: push at ${RATE} req/s, p50 / p90 / max`,
			value: `${ms(fixed.p50)} / ${ms(fixed.p90)} / ${ms(fixed.max)}`
		});
		rows.push({
			name: `${target.name}: push at ${RATE} req/s, errors`,
			value: fixedErrors,
			budget: '0',
			pass: fixedErrors === 0
		});
		const max = await saturate(base, devices, 10, 20);
		const maxErrors = max.errors + max.non2xx + max.timeouts;
		rows.push({
			name: `${target.name}: most pushes a second (20 connections, 10 s)`,
			value: `${Math.round(max.requests.average)} req/s`,
			pass: maxErrors === 0
		});
		return {
			warmUp: warm,
			fixed,
			max: { average: max.requests.average, p99: max.latency.p99, errors: maxErrors }
		};
	} finally {
		await stop();
	}
}

export async function benchServer(): Promise<boolean> {
	const rows: Row[] = [];
	save('server', await onEachDatabase(4320, (target, port) => one(target, port, rows)));
	return report('Sync server, loopback (issue 4)', rows);
}
