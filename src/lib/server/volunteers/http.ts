/** The organizer API for volunteers: 401 without a session, 403 without the organizer role. */
import * as v from 'valibot';
import type { ServerContext } from '../context';
import { HttpError, jsonResponse } from '../http/errors';
import { canOrganize } from '../roles';
import type { RequestInfo } from '../sync/http';
import { serverI18n } from '../i18n';
import { prefsFromHeaders } from '../prefs';
import { requireTaskInScopeApi, staffScope } from '../neighbourhoods/scope';
import { scopeTimeZone, taskTimeZone } from '../time-zone';
import { csvResponse } from './csv';
import { datedFileName, hoursCsv, rosterCsv, taskHoursFileName } from './csv-files';
import { hoursLines } from './organizer';
import { publicTask } from './public-task';
import { roster, RosterQuery, rosterQueryFrom } from './roster';

/** The caller's scope: 401 without a session, 403 without the organizer or admin role. */
async function requireOrganizer(ctx: ServerContext, info: RequestInfo) {
	if (!info.user) throw new HttpError(401, 'unauthorized', 'Sign in as an organizer.');
	if (!canOrganize(info.user.roles))
		throw new HttpError(403, 'forbidden', 'Only organizers and admins may see volunteers.');
	return staffScope(ctx.database.db, info.user);
}

function query(info: RequestInfo) {
	const parsed = v.safeParse(RosterQuery, rosterQueryFrom(info.url.searchParams));
	if (!parsed.success) {
		const path = parsed.issues[0].path?.map((p) => String(p.key)).join('.') ?? 'query';
		throw new HttpError(400, 'invalid', `${path}: not a valid filter`, { path });
	}
	return parsed.output;
}

export async function handleRoster(ctx: ServerContext, info: RequestInfo) {
	const scope = await requireOrganizer(ctx, info);
	return jsonResponse(await roster(ctx.database.db, query(info), scope));
}

export async function handleRosterCsv(ctx: ServerContext, info: RequestInfo) {
	const scope = await requireOrganizer(ctx, info);
	const all = await roster(ctx.database.db, { ...query(info), page: 1, pageSize: 200 }, scope);
	let rows = all.volunteers;
	for (let page = 2; rows.length < all.total; page++) {
		rows = rows.concat(
			(await roster(ctx.database.db, { ...query(info), page, pageSize: 200 }, scope)).volunteers
		);
	}
	const i18n = await serverI18n(prefsFromHeaders(info.request));
	const zone = await scopeTimeZone(ctx, scope);
	const name = datedFileName(i18n, 'rosterFile', Date.now(), zone);
	return csvResponse(rosterCsv(rows, i18n, zone), name.ascii, name.unicode);
}

export async function handleHoursCsv(ctx: ServerContext, info: RequestInfo) {
	const scope = await requireOrganizer(ctx, info);
	const taskId = info.url.searchParams.get('task') ?? undefined;
	if (taskId && !/^[0-9a-f-]{36}$/.test(taskId))
		throw new HttpError(400, 'invalid', 'task: not a task id', { path: 'task' });
	if (taskId) await requireTaskInScopeApi(ctx.database.db, scope, taskId);
	const task = taskId
		? await ctx.database.db
				.selectFrom('tasks')
				.select(['title', 'starts_at'])
				.where('id', '=', taskId)
				.executeTakeFirst()
		: undefined;
	if (taskId && !task) throw new HttpError(404, 'not_found', 'No such task.');
	const lines = await hoursLines(ctx.database.db, scope, taskId);
	const i18n = await serverI18n(prefsFromHeaders(info.request));
	const zone = taskId ? await taskTimeZone(ctx, taskId) : await scopeTimeZone(ctx, scope);
	const name = task
		? taskHoursFileName(i18n, task.title, task.starts_at, zone)
		: datedFileName(i18n, 'hoursFile', Date.now(), zone);
	return csvResponse(hoursCsv(lines, i18n, zone), name.ascii, name.unicode);
}

/**
 * GET /api/tasks/<id>: a task's public fields (no session needed: every phone receives them) and
 * the neighbourhood's time zone, for the page a shared link opens.
 */
export async function handlePublicTask(ctx: ServerContext, info: RequestInfo) {
	const id = info.url.pathname.split('/').pop() ?? '';
	const task = await publicTask(ctx.database.db, id);
	if (!task) throw new HttpError(404, 'not_found', 'No such task.');
	return jsonResponse({ task, timeZone: await taskTimeZone(ctx, id) });
}
