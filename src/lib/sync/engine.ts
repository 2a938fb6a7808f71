/**
 * The sync engine: register the device if needed, send the outbox, take in the server's changes.
 * One run at a time (withSyncLock); every step stores its progress on the device before the next,
 * so a run that dies anywhere is resumed, not repeated, by the next one.
 */
import { noteFlag } from '$lib/device-flags';
import { STAFF_SESSION_REQUIRED, SYNC_SCHEMA_VERSION } from '$shared/sync';
import type { LinliDb } from '$lib/db/schema';
import { purgeDoorRosters } from '$lib/db/door-copies';
import { withSyncLock } from './lock';
import { deviceCredentials, getMeta, setMeta } from './meta';
import { pullAll } from './pull';
import { pushOutbox } from './push';
import {
	TransportError,
	type Credentials,
	type NeighbourhoodTransport,
	type SyncTransport
} from './transport';

/** What went wrong, for the resident: each has its own message (sync:problem.<kind>). */
export type SyncProblem =
	| 'offline' // no network, or the server did not answer in time
	| 'server' // the server failed (5xx) or answered nonsense
	| 'busy' // rate limited: trying again shortly
	| 'update' // this app is too old for the server
	| 'device' // the server does not know this device and would not register it again
	| 'order' // the server expected other changes first (should not happen)
	| 'removed' // the resident removed this phone from another one: its copies are deleted
	| 'signin'; // door check-ins wait in the outbox for the organizer to sign in again

export type SyncResult =
	| { ok: true; pushed: number; pulled: number; at: number }
	| { ok: false; problem: SyncProblem; retryAfter?: number; at: number };

export interface SyncEngineOptions {
	database: () => Promise<LinliDb>;
	transport: SyncTransport;
	/** Lock name; tests give each simulated device its own. */
	lockName?: string;
	now?: () => number;
}

export function classify(error: unknown): { problem: SyncProblem; retryAfter?: number } {
	if (!(error instanceof TransportError)) return { problem: 'server' };
	if (error.kind === 'network' || error.kind === 'timeout') return { problem: 'offline' };
	if (error.kind === 'protocol') return { problem: 'server' };
	if (error.status === 429)
		return { problem: 'busy', ...(error.retryAfter ? { retryAfter: error.retryAfter } : {}) };
	if (error.status === 409 && error.code === 'upgrade_required') return { problem: 'update' };
	if (error.status === 409 && error.code === 'seq_gap') return { problem: 'order' };
	if (error.status === 401 && error.code === STAFF_SESSION_REQUIRED) return { problem: 'signin' };
	if (error.status === 401) return { problem: 'device' };
	if (error.status === 410 && error.code === 'device_removed') return { problem: 'removed' };
	// 503 retry: a write race lost, or a server older than this app during an upgrade.
	if (error.status === 503 && error.retryAfter)
		return { problem: 'server', retryAfter: error.retryAfter };
	return { problem: 'server' };
}

export class SyncEngine {
	constructor(private readonly options: SyncEngineOptions) {}

	get #now() {
		return this.options.now?.() ?? Date.now();
	}

	/** Registers this device with the server (again, harmlessly, if it was already). */
	async register(db: LinliDb, credentials: Credentials, options: { lost?: boolean } = {}) {
		// A server that lost this device starts it where this device stands: at the first change
		// still waiting, or the next one to be made. Both read in one transaction: a change saved
		// between two separate reads would be skipped. (A first registration starts at 1.)
		const nextSeq = options.lost
			? await db.transaction(
					'r',
					db.outbox,
					db.syncMeta,
					async () =>
						(await db.outbox.orderBy('seq').first())?.seq ?? (await getMeta(db, 'nextSeq')) ?? 1
				)
			: undefined;
		const { residentId } = await this.options.transport.register({
			schemaVersion: SYNC_SCHEMA_VERSION,
			...credentials,
			...(nextSeq ? { nextSeq } : {})
		});
		await db.transaction('rw', db.syncMeta, async () => {
			await setMeta(db, 'residentId', residentId);
			await setMeta(db, 'registered', true);
			// A server that lost this device may have lost later changes too: read its log afresh.
			if (options.lost) await setMeta(db, 'cursor', 0);
		});
		return residentId;
	}

	/** One full run: register, push, pull. Never throws: the outcome says what happened. */
	async sync(): Promise<SyncResult> {
		const db = await this.options.database();
		return withSyncLock(this.options.lockName ?? 'linli-sync', async () => {
			try {
				// An organizer's roster copies past their time leave the phone, online or not.
				await purgeDoorRosters(db, this.#now);
				const credentials = await deviceCredentials(db);
				if (!(await getMeta(db, 'registered'))) await this.register(db, credentials);
				const exchange = async () => {
					const pushed = await pushOutbox(db, this.options.transport, credentials);
					const pulled = await pullAll(db, this.options.transport, credentials);
					return { pushed, pulled };
				};
				let counts: { pushed: number; pulled: number };
				try {
					counts = await exchange();
				} catch (error) {
					// The server lost this device (a restored backup): register again and retry once.
					// (Not when the push only lacks an organizer's session: the device is known.)
					if (
						error instanceof TransportError &&
						error.status === 401 &&
						error.code !== STAFF_SESSION_REQUIRED
					) {
						await this.register(db, credentials, { lost: true });
						counts = await exchange();
					} else throw error;
				}
				const { pushed, pulled } = counts;
				const at = this.#now;
				await setMeta(db, 'lastSyncedAt', at);
				return { ok: true, pushed, pulled, at };
			} catch (error) {
				const outcome = classify(error);
				if (outcome.problem === 'removed') await forgetResident(db);
				return { ok: false, ...outcome, at: this.#now };
			}
		});
	}
}

/**
 * The resident removed this phone from another of theirs (it was lost, sold or passed on): what
 * it held of theirs goes — records, changes not yet sent, refusals — and so do its credentials.
 * Next time it syncs it is a new device of a new resident. The household's profile, kit and plan
 * go too. Lesson progress is not theirs to keep private and stays.
 */
export async function forgetResident(db: LinliDb) {
	const tables = [
		db.records,
		db.outbox,
		db.syncMeta,
		db.syncIssues,
		db.household,
		db.kit,
		db.doorRosters,
		db.doorMarks
	];
	await db.transaction('rw', tables, async () => {
		await db.records.clear();
		await db.outbox.clear();
		await db.syncIssues.clear();
		await db.syncMeta.clear();
		// The household's profile, kit and plan (issue 14).
		await db.household.clear();
		await db.kit.clear();
		// An organizer's roster copies for the door (issue 13).
		await db.doorRosters.clear();
		await db.doorMarks.clear();
	});
}

/** Linking this device to another's resident (the code shown on the other phone). */
export async function linkDevice(
	engine: SyncEngine,
	db: LinliDb,
	transport: SyncTransport,
	code: string
) {
	const credentials = await deviceCredentials(db);
	if (!(await getMeta(db, 'registered'))) await engine.register(db, credentials);
	const { residentId } = await transport.link(credentials, code.trim().toUpperCase());
	// From now on this device sees its new resident's records: pull them all from the start.
	await db.transaction('rw', db.syncMeta, db.records, async () => {
		await setMeta(db, 'residentId', residentId);
		await setMeta(db, 'cursor', 0);
		await db.records.where('state').equals('confirmed').delete();
	});
	return residentId;
}

/** The resident's phones, this one included (registering this one first if need be). */
export async function listDevices(engine: SyncEngine, db: LinliDb, transport: SyncTransport) {
	const credentials = await deviceCredentials(db);
	if (!(await getMeta(db, 'registered'))) await engine.register(db, credentials);
	return (await transport.devices(credentials)).devices;
}

/** Removes another of the resident's phones: it can no longer reach their records. */
export async function removeDevice(db: LinliDb, transport: SyncTransport, clientId: string) {
	return transport.removeDevice(await deviceCredentials(db), clientId);
}

/** A one-time code to show on this device, for linking another one. */
export async function linkCode(engine: SyncEngine, db: LinliDb, transport: SyncTransport) {
	const credentials = await deviceCredentials(db);
	if (!(await getMeta(db, 'registered'))) await engine.register(db, credentials);
	return transport.linkCode(credentials);
}

/**
 * Follows the neighbourhood of a join code, or one picked from the list by id (registering this
 * phone first if need be).
 */
export async function joinNeighbourhood(
	engine: SyncEngine,
	db: LinliDb,
	transport: NeighbourhoodTransport,
	target: string | { neighbourhoodId: string }
) {
	const credentials = await deviceCredentials(db);
	if (!(await getMeta(db, 'registered'))) await engine.register(db, credentials);
	const followed = await transport.follow(
		credentials,
		typeof target === 'string' ? target.trim().toUpperCase() : target
	);
	// Its announcements will arrive: the home page's news card is worth loading from now on.
	noteFlag('news');
	return followed;
}

/** The neighbourhoods this phone follows, home first. */
export async function listFollows(
	engine: SyncEngine,
	db: LinliDb,
	transport: NeighbourhoodTransport
) {
	const credentials = await deviceCredentials(db);
	if (!(await getMeta(db, 'registered'))) await engine.register(db, credentials);
	return (await transport.follows(credentials)).follows;
}

export async function setHomeNeighbourhood(
	db: LinliDb,
	transport: NeighbourhoodTransport,
	neighbourhoodId: string
) {
	return transport.setHome(await deviceCredentials(db), neighbourhoodId);
}

/**
 * Stops following a neighbourhood, and removes what the phone held of it: every shared record that
 * names it (`neighbourhoodId`: its tasks, and whatever else a neighbourhood publishes). A record the
 * resident still has changes pending for stays until they are settled.
 */
export async function leaveNeighbourhood(
	db: LinliDb,
	transport: NeighbourhoodTransport,
	neighbourhoodId: string
) {
	try {
		await transport.unfollow(await deviceCredentials(db), neighbourhoodId);
	} catch (error) {
		// Already left (an earlier try reached the server and its answer was lost): the phone still
		// drops what it held of it, or it would keep it forever (no pull will ever delete it).
		if (!(error instanceof TransportError && error.code === 'not_following')) throw error;
	}
	await db.transaction('rw', db.records, db.syncMeta, async () => {
		await db.records
			.filter(
				(r) =>
					r.state === 'confirmed' &&
					(r.data as { neighbourhoodId?: string } | null)?.neighbourhoodId === neighbourhoodId
			)
			.delete();
		const follows = await getMeta(db, 'follows');
		if (follows)
			await setMeta(
				db,
				'follows',
				follows.filter((f) => f.id !== neighbourhoodId)
			);
	});
}
