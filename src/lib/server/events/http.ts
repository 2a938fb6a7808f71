/**
 * Event files over HTTP: the roster CSV (organizers of the event's neighbourhood, admins), an
 * event's .ics and a neighbourhood's .ics feed (public, as every phone following it receives
 * the same fields; the feed is found by the neighbourhood's join code, which rotating revokes).
 */
import type { ServerContext } from '../context';
import { HttpError } from '../http/errors';
import { canOrganize } from '../roles';
import type { RequestInfo } from '../sync/http';
import { serverI18n } from '../i18n';
import { prefsFromHeaders } from '../prefs';
import { staffScope } from '../neighbourhoods/scope';
import { neighbourhoodByCode } from '../neighbourhoods/store';
import { localDate } from '../../shared/time-zone';
import { pickText } from '../../shared/events';
import { csvResponse } from '../volunteers/csv';
import { readEvents } from './collections';
import { calendarFile, type IcsEvent } from './ics';
import { eventRoster, rosterCsv } from './roster';
import { eventAccess } from './store';
import { ticketPublicKeys } from './tickets';

const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The event of an /api/events/<id>/… path, for a signed-in organizer of its neighbourhood or an
 * admin: 401 without a session, 403 for other roles (`refusal`) or another neighbourhood's event,
 * 404 for no such event.
 */
async function eventOfOrganizer(ctx: ServerContext, info: RequestInfo, refusal: string) {
	if (!info.user) throw new HttpError(401, 'unauthorized', 'Sign in as an organizer.');
	if (!canOrganize(info.user.roles)) throw new HttpError(403, 'forbidden', refusal);
	const id = info.url.pathname.split('/').at(-2) ?? '';
	if (!EVENT_ID.test(id)) throw new HttpError(404, 'not_found', 'No such event.');
	const scope = await staffScope(ctx.database.db, info.user);
	const access = await eventAccess(ctx.database.db, scope, id);
	if (access === 'missing') throw new HttpError(404, 'not_found', 'No such event.');
	if (access === 'forbidden')
		throw new HttpError(
			403,
			'forbidden',
			'This event belongs to a neighbourhood you do not manage.'
		);
	return id;
}

/** GET /api/events/<id>/export.csv */
export async function handleEventCsv(ctx: ServerContext, info: RequestInfo) {
	const id = await eventOfOrganizer(ctx, info, 'Only organizers and admins may see sign-ups.');
	const event = await ctx.database.db
		.selectFrom('events')
		.innerJoin('neighbourhoods', 'neighbourhoods.id', 'events.neighbourhood_id')
		.select(['events.titles', 'events.starts_at', 'neighbourhoods.time_zone'])
		.where('events.id', '=', id)
		.executeTakeFirstOrThrow();
	const zone = event.time_zone || ctx.config.timeZone;
	const i18n = await serverI18n(prefsFromHeaders(info.request));
	const { lines, counts } = await eventRoster(ctx.database.db, id);
	const title = pickText(JSON.parse(event.titles), i18n.lang) || 'event';
	const date = localDate(event.starts_at, zone);
	return csvResponse(
		rosterCsv(lines, counts, i18n, zone),
		`event-${date}.csv`,
		// eslint-disable-next-line no-control-regex -- control characters are what it removes
		`${title.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ').slice(0, 80)} ${date}.csv`
	);
}

async function icsEvents(ctx: ServerContext, ids: string[]): Promise<IcsEvent[]> {
	const events = await readEvents(ctx.database.db, ids, ctx.config.timeZone);
	if (!events.size) return [];
	const meta = await ctx.database.db
		.selectFrom('events')
		.select(['id', 'sequence', 'created_at'])
		.where('id', 'in', [...events.keys()])
		.execute();
	return meta.map((m) => ({
		...events.get(m.id)!,
		sequence: m.sequence,
		createdAt: m.created_at
	}));
}

function icsResponse(body: string, filename: string) {
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-cache'
		}
	});
}

/** GET /events/<id>.ics: a published (or postponed, or cancelled) event; never a draft. */
export async function handleEventIcs(ctx: ServerContext, info: RequestInfo) {
	const id = (info.url.pathname.split('/').pop() ?? '').replace(/\.ics$/, '');
	if (!EVENT_ID.test(id)) throw new HttpError(404, 'not_found', 'No such event.');
	const [event] = await icsEvents(ctx, [id]);
	if (!event) throw new HttpError(404, 'not_found', 'No such event.');
	const lang = prefsFromHeaders(info.request).lang;
	return icsResponse(
		calendarFile([event], {
			origin: info.url.origin,
			lang,
			name: pickText(event.titles, lang)
		}),
		`event-${id.slice(0, 8)}.ics`
	);
}

/** GET /n/<join code>/events.ics: the neighbourhood's events that are not drafts. */
export async function handleFeedIcs(ctx: ServerContext, info: RequestInfo) {
	const code = info.url.pathname.split('/').at(-2) ?? '';
	const hood = await neighbourhoodByCode(ctx.database.db, code);
	if (!hood) throw new HttpError(404, 'not_found', 'No such neighbourhood.');
	const rows = await ctx.database.db
		.selectFrom('events')
		.select('id')
		.where('neighbourhood_id', '=', hood.id)
		.where('status', '!=', 'draft')
		// A year back is enough for a calendar; the rest would only grow the file.
		.where('ends_at', '>', Date.now() - 365 * 86_400_000)
		.execute();
	const lang = prefsFromHeaders(info.request).lang;
	const events = await icsEvents(
		ctx,
		rows.map((r) => r.id)
	);
	return icsResponse(
		calendarFile(events, {
			origin: info.url.origin,
			lang,
			name: pickText(hood.names as Record<string, string>, lang) || hood.joinCode
		}),
		'events.ics'
	);
}

/**
 * GET /api/events/ticket-keys: the public keys that check tickets, for an organizer's phone to
 * keep for the door (no secret in it; the same for everyone).
 */
export async function handleTicketKeys(ctx: ServerContext) {
	const body = JSON.stringify({ keys: await ticketPublicKeys(ctx.database.db) });
	return new Response(body, {
		status: 200,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'no-cache'
		}
	});
}

/**
 * GET /api/events/<id>/door: what an organizer's phone keeps for checking people in at the door,
 * offline: the event, the public keys that check tickets, and the roster with only what the door
 * needs (name, role, party size, status, whether already in; no building, unit or contact).
 * Organizers of the event's neighbourhood and admins only; never cached by anything in between.
 */
export async function handleDoorRoster(ctx: ServerContext, info: RequestInfo) {
	const id = await eventOfOrganizer(ctx, info, 'Only organizers and admins may check people in.');
	const event = (await readEvents(ctx.database.db, [id], ctx.config.timeZone)).get(id);
	if (!event) throw new HttpError(404, 'not_found', 'No such event.');
	const { lines } = await eventRoster(ctx.database.db, id);
	const body = {
		event: {
			id: event.id,
			titles: event.titles,
			startsAt: event.startsAt,
			endsAt: event.endsAt,
			timeZone: event.timeZone,
			roles: event.roles.map((r) => ({ id: r.id, names: r.names }))
		},
		keys: await ticketPublicKeys(ctx.database.db),
		lines: lines
			.filter((l) => l.status !== 'waitlisted')
			.map((l) => ({
				id: l.id,
				name: l.name,
				roleId: l.roleId,
				partySize: l.partySize,
				status: l.status,
				present: l.present,
				admissions: l.admissions,
				doors: l.doors
			})),
		fetchedAt: Date.now()
	};
	return new Response(JSON.stringify(body), {
		status: 200,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'private, no-store'
		}
	});
}
