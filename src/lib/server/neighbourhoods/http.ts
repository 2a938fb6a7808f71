/**
 * The device side of neighbourhoods: what a join code opens (no credentials: the join page shows
 * it first), and following, leaving and choosing home (a device's own credentials).
 */
import * as v from 'valibot';
import type { ServerContext } from '../context';
import { addressKey } from '../http/address';
import { parseWith, readJson } from '../http/body';
import { HttpError, jsonResponse } from '../http/errors';
import { enforce } from '../http/limits';
import { device, type RequestInfo } from '../sync/http';
import { follow, followsOf, setHome, unfollow } from './follows';
import {
	getNeighbourhood,
	JOIN_CODE,
	listNeighbourhoods,
	neighbourhoodByCode,
	type Neighbourhood
} from './store';

/** What residents see of a neighbourhood: never its organizers, never its join code. */
const publicView = (hood: Neighbourhood) => ({
	id: hood.id,
	names: hood.names,
	description: hood.description,
	region: hood.region
});

const invalidCode = () =>
	new HttpError(
		404,
		'join_code_invalid',
		'This join code does not work: it is mistyped, or the committee made a new one.'
	);

const NeighbourhoodRequest = v.strictObject({ neighbourhoodId: v.pipe(v.string(), v.uuid()) });
/** A join code (a link or QR code), or a neighbourhood picked from the list (GET /api/neighbourhoods). */
const FollowRequest = v.union([
	v.strictObject({ code: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(JOIN_CODE)) }),
	NeighbourhoodRequest
]);

/** GET /api/neighbourhoods/join/<code> */
export async function handleJoinInfo(ctx: ServerContext, info: RequestInfo) {
	const code = decodeURIComponent(info.url.pathname.split('/').pop() ?? '');
	const hood = await neighbourhoodByCode(ctx.database.db, code);
	if (!hood) throw invalidCode();
	return jsonResponse({ neighbourhood: publicView(hood) });
}

/**
 * GET /api/neighbourhoods: every listed neighbourhood, for a resident to pick theirs on first use
 * or in Settings (what the join page shows of each, never a join code or an organizer). An
 * unlisted one is joined only by its code: it is not named here.
 */
export async function handleDirectory(ctx: ServerContext) {
	const hoods = await listNeighbourhoods(ctx.database.db, undefined, { listedOnly: true });
	return jsonResponse({ neighbourhoods: hoods.map(publicView) });
}

/** GET /api/sync/follows: the neighbourhoods this phone follows, home first. */
export async function handleFollows(ctx: ServerContext, info: RequestInfo) {
	const found = await device(ctx, info.request);
	const follows = await followsOf(ctx.database.db, found.id);
	const hoods = await listNeighbourhoods(
		ctx.database.db,
		follows.map((f) => f.neighbourhoodId)
	);
	return jsonResponse({
		follows: follows
			.map((f) => ({ ...publicView(hoods.find((h) => h.id === f.neighbourhoodId)!), home: f.home }))
			.sort((a, b) => Number(b.home) - Number(a.home))
	});
}

/** POST /api/sync/follow {code} | {neighbourhoodId}: follows a neighbourhood. */
export async function handleFollow(ctx: ServerContext, info: RequestInfo) {
	await enforce(ctx.limits.ipWrites, addressKey(info.ip));
	const found = await device(ctx, info.request);
	const body = parseWith(FollowRequest, await readJson(info.request, 1024));
	let hood =
		'code' in body
			? await neighbourhoodByCode(ctx.database.db, body.code)
			: await getNeighbourhood(ctx.database.db, body.neighbourhoodId);
	// An unlisted neighbourhood is joined by its code only: its id alone opens nothing to a phone
	// that does not follow it already.
	if (hood && !('code' in body) && !hood.listed) {
		const follows = await followsOf(ctx.database.db, found.id);
		if (!follows.some((f) => f.neighbourhoodId === hood!.id)) hood = undefined;
	}
	if (!hood) {
		if ('code' in body) throw invalidCode();
		throw new HttpError(404, 'not_found', 'There is no such neighbourhood.');
	}
	const followed = await follow(ctx.database, found.id, hood.id);
	return jsonResponse({ neighbourhood: publicView(hood), followed });
}

/** POST /api/sync/unfollow {neighbourhoodId} */
export async function handleUnfollow(ctx: ServerContext, info: RequestInfo) {
	await enforce(ctx.limits.ipWrites, addressKey(info.ip));
	const found = await device(ctx, info.request);
	const body = parseWith(NeighbourhoodRequest, await readJson(info.request, 1024));
	if (!(await unfollow(ctx.database, found.id, body.neighbourhoodId)))
		throw new HttpError(404, 'not_following', 'This phone does not follow that neighbourhood.');
	return jsonResponse({ left: body.neighbourhoodId });
}

/** POST /api/sync/home {neighbourhoodId} */
export async function handleHome(ctx: ServerContext, info: RequestInfo) {
	await enforce(ctx.limits.ipWrites, addressKey(info.ip));
	const found = await device(ctx, info.request);
	const body = parseWith(NeighbourhoodRequest, await readJson(info.request, 1024));
	if (!(await setHome(ctx.database.db, found.id, body.neighbourhoodId)))
		throw new HttpError(404, 'not_following', 'This phone does not follow that neighbourhood.');
	return jsonResponse({ home: body.neighbourhoodId });
}
