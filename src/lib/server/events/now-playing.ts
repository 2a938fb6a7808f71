/**
 * "Now playing" (issue 13): during a concert the organizer marks the song on the sheet that is
 * playing, and the phones that are online follow it. Kept on the event's row (events.now_playing,
 * migration 0012), sent with the event to the neighbourhood's devices like any change, and
 * answered by GET /api/events/<id>/now-playing, which the event page asks every few seconds while
 * the event is on (a sync every few seconds from a hundred phones would cost far more).
 */
import * as v from 'valibot';
import { NowPlaying } from '../../shared/events';
import type { Database } from '../db/connect';
import type { ServerContext } from '../context';
import { HttpError, jsonResponse } from '../http/errors';
import type { StaffScope } from '../neighbourhoods/scope';
import type { RequestInfo } from '../sync/http';
import { neighbourhoodAudience, Rejection } from '../sync/types';
import { withChanges } from '../sync/write';
import { EVENT, EventFormError, eventAccess } from './store';

const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Marks the song at `input.song` (its index on the sheet) as playing, or none (null). Only on a
 * published event, and only a song the sheet has (EventFormError 'range' / 'notPublished').
 */
export async function setNowPlaying(
	database: Database,
	scope: StaffScope,
	eventId: string,
	input: unknown,
	now = Date.now()
): Promise<NowPlaying> {
	const parsed = v.safeParse(NowPlaying, input);
	if (!parsed.success) throw new EventFormError({ song: 'range' });
	const { song } = parsed.output;
	await withChanges(
		database,
		async (trx, changes) => {
			const access = await eventAccess(trx, scope, eventId);
			if (access === 'missing') throw new Rejection('event_not_found');
			if (access === 'forbidden') throw new Rejection('forbidden');
			const event = await trx
				.selectFrom('events')
				.select(['status', 'neighbourhood_id'])
				.where('id', '=', eventId)
				.executeTakeFirstOrThrow();
			if (event.status !== 'published') throw new EventFormError({ song: 'notPublished' });
			if (song !== null) {
				const sheet = await trx
					.selectFrom('event_songs')
					.select((eb) => eb.fn.countAll<number>().as('songs'))
					.where('event_id', '=', eventId)
					.executeTakeFirstOrThrow();
				if (song >= Number(sheet.songs)) throw new EventFormError({ song: 'range' });
			}
			await trx
				.updateTable('events')
				.set({ now_playing: song, updated_at: now })
				.where('id', '=', eventId)
				.execute();
			await changes.changed(EVENT, eventId, neighbourhoodAudience(event.neighbourhood_id));
		},
		now
	);
	return { song };
}

/** The song playing now at a public (not draft) event; undefined when there is no such event. */
export async function nowPlayingOf(
	db: Database['db'],
	eventId: string
): Promise<NowPlaying | undefined> {
	const row = await db
		.selectFrom('events')
		.select(['now_playing', 'status'])
		.where('id', '=', eventId)
		.executeTakeFirst();
	if (!row || row.status === 'draft') return undefined;
	return { song: row.now_playing };
}

/** GET /api/events/<id>/now-playing: public, as the event itself is to its neighbourhood. */
export async function handleNowPlaying(ctx: ServerContext, info: RequestInfo) {
	const id = info.url.pathname.split('/').at(-2) ?? '';
	const found = EVENT_ID.test(id) ? await nowPlayingOf(ctx.database.db, id) : undefined;
	if (!found) throw new HttpError(404, 'not_found', 'No such event.');
	return jsonResponse(found);
}
