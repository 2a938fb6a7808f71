/**
 * The neighbourhoods this phone follows, for Settings and the first run (issue 10). What the server
 * last said is kept on the phone (syncMeta "follows"), so Settings shows it offline; joining,
 * leaving and choosing home need a connection (the server keeps which ones a device follows).
 */
import { DirectoryResponse, type NeighbourhoodPublic } from '$shared/neighbourhoods';
import type { FollowedNeighbourhood } from '$shared/neighbourhoods';
import { isRegion } from '$shared/regions';
import type { Settings } from '$lib/settings/settings.svelte';
import { getMeta, setMeta } from '$lib/sync/meta';
import { sync } from '$lib/sync/service.svelte';
import * as v from 'valibot';

/** What the phone knows, without asking the server. */
export async function knownFollows(): Promise<FollowedNeighbourhood[]> {
	const { database } = await sync.tools();
	return (await getMeta(await database(), 'follows')) ?? [];
}

/** Asks the server (registering the phone if need be) and remembers the answer. */
export async function refreshFollows(): Promise<FollowedNeighbourhood[]> {
	const { calls, database, engine, transport } = await sync.tools();
	const db = await database();
	const follows = await calls.listFollows(engine, db, transport);
	await setMeta(db, 'follows', follows);
	return follows;
}

/**
 * Follows a neighbourhood by join code (typed, or the link pasted whole) or by id (picked from the
 * list). Its region becomes the suggestion, unless the reader chose one. Starts a sync: the
 * neighbourhood's current records arrive with it.
 */
export async function joinNeighbourhood(
	target: string | { neighbourhoodId: string },
	settings: Pick<Settings, 'suggestRegion'>
): Promise<NeighbourhoodPublic> {
	const { calls, database, engine, transport } = await sync.tools();
	const { neighbourhood } = await calls.joinNeighbourhood(
		engine,
		await database(),
		transport,
		typeof target === 'string' ? joinCodeOf(target) : target
	);
	if (isRegion(neighbourhood.region))
		settings.suggestRegion({ region: neighbourhood.region, by: 'neighbourhood' });
	void sync.syncNow();
	await refreshFollows().catch(() => undefined);
	return neighbourhood;
}

/** Stops following; the phone drops what it held of the neighbourhood (see leaveNeighbourhood). */
export async function leave(neighbourhoodId: string): Promise<FollowedNeighbourhood[]> {
	const { calls, database, transport } = await sync.tools();
	await calls.leaveNeighbourhood(await database(), transport, neighbourhoodId);
	return refreshFollows().catch(knownFollows);
}

export async function makeHome(neighbourhoodId: string): Promise<FollowedNeighbourhood[]> {
	const { calls, database, transport } = await sync.tools();
	await calls.setHomeNeighbourhood(await database(), transport, neighbourhoodId);
	return refreshFollows();
}

/** Every neighbourhood of this server, to pick from (undefined when it cannot be asked). */
export async function directory(): Promise<NeighbourhoodPublic[] | undefined> {
	try {
		const response = await fetch('/api/neighbourhoods');
		if (!response.ok) return undefined;
		const parsed = v.safeParse(DirectoryResponse, await response.json());
		return parsed.success ? parsed.output.neighbourhoods : undefined;
	} catch {
		return undefined;
	}
}

/** "https://…/n/ABCD2345", "/n/abcd2345" or "ABCD 2345" → "ABCD2345". */
export function joinCodeOf(input: string): string {
	const fromLink = /\/n\/([^/?#\s]+)/.exec(input)?.[1];
	return decodeURIComponent(fromLink ?? input)
		.replace(/[\s-]/g, '')
		.toUpperCase();
}
