/** The organizer API for volunteers: 401 without a session, 403 without the organizer role. */
import * as v from 'valibot';
import type { ServerContext } from '../context';
import { HttpError, jsonResponse } from '../http/errors';
import { canOrganize } from '../roles';
import type { RequestInfo } from '../sync/http';
import { csvResponse, toCsv } from './csv';
import { hoursLines } from './organizer';
import { roster, RosterQuery, rosterQueryFrom } from './roster';

function requireOrganizer(info: RequestInfo) {
	if (!info.user) throw new HttpError(401, 'unauthorized', 'Sign in as an organizer.');
	if (!canOrganize(info.user.roles))
		throw new HttpError(403, 'forbidden', 'Only organizers and admins may see volunteers.');
	return info.user;
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
	requireOrganizer(info);
	return jsonResponse(await roster(ctx.database.db, query(info)));
}

export async function handleRosterCsv(ctx: ServerContext, info: RequestInfo) {
	requireOrganizer(info);
	const all = await roster(ctx.database.db, { ...query(info), page: 1, pageSize: 200 });
	let rows = all.volunteers;
	for (let page = 2; rows.length < all.total; page++) {
		rows = rows.concat(
			(await roster(ctx.database.db, { ...query(info), page, pageSize: 200 })).volunteers
		);
	}
	const csv = toCsv(
		[
			'name',
			'phone',
			'email',
			'building',
			'unit',
			'skills',
			'first_aid_certified',
			'has_car',
			'other_skills',
			'languages',
			'availability',
			'max_hours_per_week',
			'notes',
			'status',
			'verified'
		],
		rows.map((r) => [
			r.name,
			r.phone,
			r.email,
			r.building,
			r.unit,
			r.skills.join(' '),
			r.firstAidCertified,
			r.hasCar,
			r.skillsOther,
			r.languages.join(' '),
			r.availability.join(' '),
			r.maxHoursPerWeek,
			r.notes,
			r.status,
			r.verified
		])
	);
	return csvResponse(csv, 'volunteers.csv');
}

export async function handleHoursCsv(ctx: ServerContext, info: RequestInfo) {
	requireOrganizer(info);
	const taskId = info.url.searchParams.get('task') ?? undefined;
	if (taskId && !/^[0-9a-f-]{36}$/.test(taskId))
		throw new HttpError(400, 'invalid', 'task: not a task id', { path: 'task' });
	const lines = await hoursLines(ctx.database.db, taskId);
	const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
	const csv = toCsv(
		[
			'volunteer',
			'task',
			'task_starts',
			'checked_in',
			'checked_out',
			'recorded_minutes',
			'confirmed_minutes'
		],
		lines.map((l) => [
			l.name,
			l.taskTitle,
			iso(l.startsAt),
			iso(l.checkInAt),
			iso(l.checkOutAt),
			l.recordedMinutes,
			l.confirmedMinutes
		])
	);
	return csvResponse(csv, taskId ? `hours-${taskId}.csv` : 'hours.csv');
}
