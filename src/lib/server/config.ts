/**
 * Server configuration from the environment. Read once; the CLI and the server share it.
 * (Plain process.env rather than $env: the linli CLI runs this code outside SvelteKit.)
 */
import { join, resolve } from 'node:path';
import { isTimeZone } from '../shared/time-zone';
import { RETENTION_DAYS } from '../shared/volunteer';

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const value = Number(env[name]);
	return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

export interface ServerConfig {
	dataDir: string;
	/** postgres://… to use PostgreSQL; otherwise SQLite at sqlitePath. */
	databaseUrl?: string;
	sqlitePath: string;
	rateLimits: {
		/** Pushes per device per minute. */
		clientWritesPerMinute: number;
		/** Writes per IP per minute (all write endpoints together). */
		ipWritesPerMinute: number;
		/** Device registrations per IP per hour. */
		registrationsPerHour: number;
		/** Sign-in attempts per IP per 15 minutes. */
		signInsPerWindow: number;
	};
	/** Days after which a withdrawn volunteer's personal data is purged. */
	retentionDays: number;
	/** Sign-in throttling: the wait after 3 failures, the lock after 5 (ms). */
	signIn: { slowMs: number; lockMs: number };
	/**
	 * The neighbourhood's time zone (IANA name): task times in CSV files and on server-rendered
	 * pages. Read it through lib/server/time-zone.ts, which will take the neighbourhood's own.
	 */
	timeZone: string;
	/**
	 * Who runs this server (a residents' committee, an NGO): named as the issuer on volunteers'
	 * certificates. LINLI_ORG_NAME; unset, the certificate names the server's address instead.
	 */
	orgName?: string;
	/**
	 * Web Push. `vapid`: LINLI_VAPID_PUBLIC_KEY and LINLI_VAPID_PRIVATE_KEY (base64url, as
	 * `npx web-push generate-vapid-keys` prints them), both or neither; unset, the server makes a
	 * pair once and keeps it in the database. `subject`: LINLI_VAPID_SUBJECT, a mailto: or https:
	 * address push services may contact. `allowPrivateEndpoints`: LINLI_PUSH_ALLOW_PRIVATE=1 lets
	 * subscriptions name endpoints on loopback or private addresses (tests and local sinks only).
	 * `perSecond`: LINLI_PUSH_PER_SECOND, how many messages a process sends a second at most
	 * (default 250: 5,000 phones in about 20 s, while the app keeps answering at its usual speed).
	 */
	push: {
		vapid?: { publicKey: string; privateKey: string };
		subject: string;
		allowPrivateEndpoints: boolean;
		perSecond: number;
	};
}

/** Push messages a process sends a second (see `push.perSecond`). */
export const DEFAULT_PUSH_PER_SECOND = 250;

function pushConfig(env: NodeJS.ProcessEnv): ServerConfig['push'] {
	const publicKey = env.LINLI_VAPID_PUBLIC_KEY?.trim();
	const privateKey = env.LINLI_VAPID_PRIVATE_KEY?.trim();
	if (Boolean(publicKey) !== Boolean(privateKey)) {
		throw new Error(
			'Set both LINLI_VAPID_PUBLIC_KEY and LINLI_VAPID_PRIVATE_KEY, or neither (the server then makes a key pair once and keeps it in the database).'
		);
	}
	const subject = env.LINLI_VAPID_SUBJECT?.trim() || 'mailto:linli@localhost';
	if (!/^(mailto:|https:\/\/)/.test(subject)) {
		throw new Error('LINLI_VAPID_SUBJECT must be a mailto: or https:// address.');
	}
	const perSecond = Number(env.LINLI_PUSH_PER_SECOND?.trim() || DEFAULT_PUSH_PER_SECOND);
	if (!Number.isInteger(perSecond) || perSecond < 1 || perSecond > 100_000) {
		throw new Error('LINLI_PUSH_PER_SECOND must be a whole number from 1 to 100000.');
	}
	return {
		...(publicKey && privateKey ? { vapid: { publicKey, privateKey } } : {}),
		subject,
		allowPrivateEndpoints: env.LINLI_PUSH_ALLOW_PRIVATE === '1',
		perSecond
	};
}

/**
 * LINLI_TIME_ZONE, else the server's own zone (TZ, or the system's), else UTC. A name Intl does
 * not know stops the server: a typo must not quietly shift every time in a report by hours.
 */
function timeZone(env: NodeJS.ProcessEnv): string {
	const named = env.LINLI_TIME_ZONE?.trim();
	if (named) {
		if (!isTimeZone(named))
			throw new Error(
				`LINLI_TIME_ZONE=${named} is not a time zone name. Use an IANA name such as Asia/Taipei, Asia/Hong_Kong or Asia/Shanghai.`
			);
		return named;
	}
	const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
	return system && isTimeZone(system) ? system : 'UTC';
}

/**
 * The privacy notice residents agree to promises deletion RETENTION_DAYS after they withdraw. A
 * server may delete sooner (the promise holds), never later: that would need a new notice.
 */
function retentionDays(env: NodeJS.ProcessEnv): number {
	const days = int(env, 'LINLI_RETENTION_DAYS', RETENTION_DAYS);
	if (days > RETENTION_DAYS) {
		throw new Error(
			`LINLI_RETENTION_DAYS=${days} is longer than the ${RETENTION_DAYS} days the volunteers' privacy notice promises. Keep it at ${RETENTION_DAYS} or less (a longer retention needs a new notice, RETENTION_DAYS and CONSENT_VERSION in src/lib/shared/volunteer.ts).`
		);
	}
	return days;
}

export function loadConfig(env = process.env): ServerConfig {
	const dataDir = resolve(env.DATA_DIR || 'data');
	const url = env.DATABASE_URL;
	if (url && !/^postgres(ql)?:\/\//.test(url)) {
		// A typo must not quietly put the data in a SQLite file nobody backs up.
		throw new Error(
			'DATABASE_URL must start with postgres:// or postgresql:// (leave it unset for the embedded SQLite database under DATA_DIR).'
		);
	}
	const orgName = env.LINLI_ORG_NAME?.trim().slice(0, 120);
	return {
		dataDir,
		...(url ? { databaseUrl: url } : {}),
		...(orgName ? { orgName } : {}),
		sqlitePath: join(dataDir, 'linli.sqlite'),
		rateLimits: {
			clientWritesPerMinute: int(env, 'LINLI_RATE_CLIENT_PER_MINUTE', 120),
			ipWritesPerMinute: int(env, 'LINLI_RATE_IP_PER_MINUTE', 600),
			registrationsPerHour: int(env, 'LINLI_RATE_REGISTER_PER_HOUR', 30),
			signInsPerWindow: int(env, 'LINLI_RATE_SIGNIN_PER_15MIN', 30)
		},
		retentionDays: retentionDays(env),
		signIn: {
			slowMs: int(env, 'LINLI_SIGNIN_SLOW_MS', 30_000),
			lockMs: int(env, 'LINLI_SIGNIN_LOCK_MS', 15 * 60_000)
		},
		timeZone: timeZone(env),
		push: pushConfig(env)
	};
}
