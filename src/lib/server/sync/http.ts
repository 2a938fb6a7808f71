/**
 * The sync API's request handling: limits, authentication, validation, then the sync core.
 * Routes under src/routes/api/sync only call these.
 */
import {
	LinkRequest,
	MAX_PULL_LIMIT,
	MAX_PUSH_BYTES,
	PushRequest,
	RegisterRequest,
	RemoveDeviceRequest,
	STAFF_SESSION_REQUIRED,
	SYNC_SCHEMA_VERSION
} from '../../shared/sync';
import type { ServerContext } from '../context';
import type { StaffUser } from '../auth/sessions';
import { readJson, parseWith } from '../http/body';
import { HttpError, jsonResponse } from '../http/errors';
import { enforce, enforceAll, refuse } from '../http/limits';
import { PostgresLimiter } from '../rate-limit';
import { addressKey } from '../http/address';
import {
	authenticateDevice,
	authenticateTaking,
	createLinkCode,
	DeviceAuthError,
	listDevices,
	redeemLinkCode,
	registerDevice,
	removeDevice,
	type DeviceRow
} from './devices';
import { applyPush, DuplicateSeqError, SeqGapError, staffOnlyType } from './push';
import { canOrganize } from '../roles';
import { pullChanges } from './pull';
import { NewerVersionError, Rejection } from './types';

export interface RequestInfo {
	request: Request;
	url: URL;
	ip: string;
	user: StaffUser | null;
}

/**
 * The version is checked before the shape: an app from another version may send a body of
 * another shape, and it should hear "update the app", not "wrong field".
 */
function versionFirst(raw: unknown): unknown {
	if (raw && typeof raw === 'object' && 'schemaVersion' in raw)
		checkSchemaVersion(raw.schemaVersion);
	return raw;
}

function checkSchemaVersion(version: unknown) {
	if (version !== SYNC_SCHEMA_VERSION) {
		throw new HttpError(
			409,
			'upgrade_required',
			'This version of the app is too old or too new for the server: update the app.',
			{
				params: { server: SYNC_SCHEMA_VERSION }
			}
		);
	}
}

/** A device action's refusals (Rejection codes) as HTTP answers: status and English message. */
async function refusing<T>(
	action: Promise<T>,
	answers: Record<string, readonly [status: number, message: string]>
): Promise<T> {
	try {
		return await action;
	} catch (error) {
		const answer = error instanceof Rejection ? answers[error.code] : undefined;
		if (answer) throw new HttpError(answer[0], (error as Rejection).code, answer[1]);
		throw error;
	}
}

export async function device(ctx: ServerContext, request: Request): Promise<DeviceRow> {
	return checkDevice(
		await authenticateDevice(ctx.database.db, request.headers.get('authorization'))
	);
}

function checkDevice(found: DeviceRow | null): DeviceRow {
	if (!found) throw new HttpError(401, 'unauthorized', 'Unknown device or wrong device secret.');
	if (found.removed_at !== null) {
		// Only the phone itself (it has the secret) learns this, and then forgets the records.
		throw new HttpError(410, 'device_removed', 'This phone was removed by its owner.');
	}
	return found;
}

export async function handleRegister(ctx: ServerContext, info: RequestInfo) {
	await enforce(ctx.limits.registrations, addressKey(info.ip));
	const body = parseWith(RegisterRequest, versionFirst(await readJson(info.request, 4096)));
	checkSchemaVersion(body.schemaVersion);
	try {
		const { residentId } = await registerDevice(ctx.database.db, body);
		return jsonResponse({ residentId, serverTime: Date.now() });
	} catch (error) {
		if (error instanceof DeviceAuthError)
			throw new HttpError(401, 'unauthorized', 'This device id is registered with another secret.');
		throw error;
	}
}

/** 503 retry: this process is older than what it was asked about (see NewerVersionError). */
function newerVersion(error: NewerVersionError): HttpError {
	return new HttpError(
		503,
		'retry',
		`This server does not know ${error.what} "${error.value.slice(0, 64)}" yet (it is being upgraded); send again later.`,
		{ params: { retryAfter: NEWER_VERSION_RETRY_SECONDS } },
		{ 'retry-after': String(NEWER_VERSION_RETRY_SECONDS) }
	);
}

const NEWER_VERSION_RETRY_SECONDS = 5;

/**
 * The address's write budget, the device, and the device's own budget: in one statement where
 * the budgets are kept in PostgreSQL (every push pays two round trips fewer; the device's budget
 * is taken only when its id and secret match); one after the other elsewhere.
 */
async function deviceAfterWriteLimit(
	ctx: ServerContext,
	info: RequestInfo
): Promise<{ found: DeviceRow; deviceBudgetTaken: boolean }> {
	const limiter = ctx.limits.ipWrites;
	const perDevice = ctx.limits.clientWrites;
	if (!(limiter instanceof PostgresLimiter) || !(perDevice instanceof PostgresLimiter)) {
		await enforce(limiter, addressKey(info.ip));
		return { found: await device(ctx, info.request), deviceBudgetTaken: false };
	}
	const {
		device: found,
		taken,
		deviceTaken
	} = await authenticateTaking(
		ctx.database.db,
		info.request.headers.get('authorization'),
		{ limiter, key: addressKey(info.ip) },
		Date.now(),
		{ limiter: perDevice, key: (id) => `client:${id}` },
		ctx.database.pool
	);
	refuse(taken!);
	const checked = checkDevice(found);
	refuse(deviceTaken!);
	return { found: checked, deviceBudgetTaken: true };
}

export async function handlePush(ctx: ServerContext, info: RequestInfo) {
	const { found, deviceBudgetTaken } = await deviceAfterWriteLimit(ctx, info);
	const body = parseWith(PushRequest, versionFirst(await readJson(info.request, MAX_PUSH_BYTES)));
	checkSchemaVersion(body.schemaVersion);
	// The phone's budget, and a token of the address's sign-up budget for each new event sign-up
	// (both shared by every process), taken together.
	const signUps = body.mutations.filter(
		(m) => m.type === 'event.signUp' && m.seq > found.last_seq
	).length;
	await enforceAll([
		...(deviceBudgetTaken ? [] : [{ limiter: ctx.limits.clientWrites, key: `client:${found.id}` }]),
		{ limiter: ctx.limits.eventSignups, key: addressKey(info.ip), count: signUps }
	]);
	// Organizers' changes (door check-ins) need the organizer's session on this very request. Without
	// one the push is refused whole, before anything is applied or a seq is used: the phone keeps
	// them and asks the organizer to sign in again (a per-change refusal would lose them).
	const staffOnly = body.mutations.some(
		(m) => m.seq > found.last_seq && staffOnlyType(ctx.registry, m.type)
	);
	if (staffOnly && !info.user)
		throw new HttpError(
			401,
			STAFF_SESSION_REQUIRED,
			'These changes need an organizer who is signed in. Sign in again, then send.'
		);
	if (staffOnly && !canOrganize(info.user!.roles))
		throw new HttpError(403, 'forbidden', 'Only organizers and admins may send these changes.');
	try {
		const response = await applyPush(
			ctx.database,
			ctx.registry,
			{
				residentId: found.resident_id,
				clientId: found.id,
				roles: info.user?.roles ?? [],
				...(info.user ? { userId: info.user.id } : {})
			},
			body.mutations
		);
		return jsonResponse(response);
	} catch (error) {
		if (error instanceof NewerVersionError) throw newerVersion(error);
		if (isRaceLost(error)) {
			// Two residents' pushes wrote the same new record at the same moment (PostgreSQL), and
			// this one lost: nothing of it was applied. Sent again, it meets the winner's row.
			throw new HttpError(
				503,
				'retry',
				'Another change to the same record arrived at the same moment; send again.',
				{ params: { retryAfter: 1 } },
				{ 'retry-after': '1' }
			);
		}
		if (error instanceof DuplicateSeqError) {
			throw new HttpError(400, 'invalid', `mutations: ${error.message}`, { path: 'mutations' });
		}
		if (error instanceof SeqGapError) {
			throw new HttpError(
				409,
				'seq_gap',
				`Mutations must follow one another; expected seq ${error.expected}.`,
				{
					params: { expected: error.expected }
				}
			);
		}
		throw error;
	}
}

/** PostgreSQL's unique violation, deadlock and serialization failure: retry, not a bug. */
function isRaceLost(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return code === '23505' || code === '40P01' || code === '40001';
}

export async function handlePull(ctx: ServerContext, info: RequestInfo) {
	const found = await device(ctx, info.request);
	checkSchemaVersion(Number(info.request.headers.get('x-linli-schema')));
	const cursor = Number(info.url.searchParams.get('cursor') ?? '0');
	const limit = Number(info.url.searchParams.get('limit') ?? String(MAX_PULL_LIMIT));
	if (!Number.isSafeInteger(cursor) || cursor < 0)
		throw new HttpError(400, 'invalid', 'cursor: must be a whole number ≥ 0', { path: 'cursor' });
	if (!Number.isSafeInteger(limit) || limit < 1)
		throw new HttpError(400, 'invalid', 'limit: must be a whole number ≥ 1', { path: 'limit' });
	try {
		return jsonResponse(
			await pullChanges(
				ctx.database,
				ctx.registry,
				found.resident_id,
				cursor,
				limit,
				Date.now(),
				found.id
			)
		);
	} catch (error) {
		if (error instanceof NewerVersionError) throw newerVersion(error);
		throw error;
	}
}

export async function handleDevices(ctx: ServerContext, info: RequestInfo) {
	const found = await device(ctx, info.request);
	return jsonResponse({ devices: await listDevices(ctx.database.db, found) });
}

export async function handleRemoveDevice(ctx: ServerContext, info: RequestInfo) {
	await enforce(ctx.limits.ipWrites, addressKey(info.ip));
	const found = await device(ctx, info.request);
	await enforce(ctx.limits.links, `client:${found.id}`);
	const body = parseWith(RemoveDeviceRequest, await readJson(info.request, 1024));
	return jsonResponse(
		await refusing(removeDevice(ctx.database.db, found, body.clientId), {
			device_is_this_one: [
				400,
				'A phone cannot remove itself: use "delete my data" on it instead.'
			],
			device_not_found: [404, 'No such phone among yours.']
		})
	);
}

export async function handleLinkCode(ctx: ServerContext, info: RequestInfo) {
	await enforce(ctx.limits.ipWrites, addressKey(info.ip));
	const found = await device(ctx, info.request);
	await enforce(ctx.limits.links, `client:${found.id}`);
	return jsonResponse(await createLinkCode(ctx.database.db, found));
}

export async function handleLink(ctx: ServerContext, info: RequestInfo) {
	await enforce(ctx.limits.ipWrites, addressKey(info.ip));
	await enforce(ctx.limits.links, addressKey(info.ip));
	const found = await device(ctx, info.request);
	const body = parseWith(LinkRequest, await readJson(info.request, 1024));
	return jsonResponse(
		await refusing(redeemLinkCode(ctx.database.db, found, body.code), {
			link_code_invalid: [400, 'The code is wrong, used or expired.'],
			link_has_data: [409, 'This device already holds records of its own.']
		})
	);
}
