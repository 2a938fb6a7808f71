/**
 * The staff home page (issue 10): an organizer's morning view of their neighbourhoods (an admin's
 * of all). What needs attention first, a few counts, and volunteer hours and sign-ups by week.
 *
 * Every query is scoped by the staff member's neighbourhoods and aggregated in the database: the
 * page reads counts and at most a handful of rows, never the volunteers or sign-ups themselves.
 * Weeks start on Monday at midnight on the neighbourhoods' clock (the layout's time zone), and the
 * buckets are computed from real boundaries, so a daylight-saving change does not shift them.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import { fromLocal, localDate } from '../../shared/time-zone';
import type { DB } from '../db/database';
import { volunteerScopeFilter, type StaffScope } from './scope';
import { listNeighbourhoods, type Neighbourhood } from './store';

const DAY = 86_400_000;
/** How far ahead "short of people" looks. */
export const SHORT_HORIZON_DAYS = 14;
/** How many weeks the chart shows. */
export const CHART_WEEKS = 10;
/** How many tasks each attention list names (the count says how many there are in all). */
const LIST_LIMIT = 5;

export interface TaskNeed {
	id: string;
	title: string;
	startsAt: number;
	/** Short of people: places taken and places in all. Hours to confirm: how many are open. */
	filled: number;
	slots: number;
	open: number;
}

export interface WeekPoint {
	/** The week's first moment (Monday 00:00 on the neighbourhoods' clock). */
	start: number;
	/** Confirmed volunteer minutes on tasks that started that week. */
	minutes: number;
	/** Sign-ups made that week (cancelled ones not counted). */
	signups: number;
}

export interface StaffHome {
	neighbourhoods: { id: string; names: Neighbourhood['names']; followers: number; tasks: number }[];
	attention: {
		volunteersToReview: number;
		hoursToConfirm: number;
		hoursToConfirmTasks: TaskNeed[];
		tasksShort: number;
		tasksShortList: TaskNeed[];
	};
	counts: { volunteers: number; upcomingTasks: number; followers: number };
	weeks: WeekPoint[];
}

/** The Monday-midnight starts of the last `count` weeks, oldest first, the current week last. */
export function weekStarts(now: number, timeZone: string, count = CHART_WEEKS): number[] {
	const [year, month, day] = localDate(now, timeZone).split('-').map(Number) as [
		number,
		number,
		number
	];
	const sinceMonday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
	return Array.from({ length: count }, (_, i) =>
		fromLocal(
			{ year, month, day: day - sinceMonday - 7 * (count - 1 - i), hour: 0, minute: 0 },
			timeZone
		)
	);
}

/** `case when t >= w[n-1] then n-1 … when t >= w[0] then 0 end`: the week a moment falls in. */
function weekBucket(column: Expression<unknown>, starts: number[]): RawBuilder<number> {
	const whens = starts
		.map((start, i) => sql`when ${column} >= ${start} then ${sql.lit(i)}`)
		.reverse();
	return sql<number>`case ${sql.join(whens, sql` `)} end`;
}

const scopeIds = (scope: StaffScope) =>
	scope.all ? undefined : scope.ids.length ? scope.ids : [''];

export async function staffHome(
	db: Kysely<DB>,
	scope: StaffScope,
	timeZone: string,
	now = Date.now()
): Promise<StaffHome> {
	const ids = scopeIds(scope);
	const tasks = () => {
		const q = db.selectFrom('tasks');
		return ids ? q.where('tasks.neighbourhood_id', 'in', ids) : q;
	};
	const signupsOfScope = () => {
		const q = db.selectFrom('task_signups').innerJoin('tasks', 'tasks.id', 'task_signups.task_id');
		return ids ? q.where('tasks.neighbourhood_id', 'in', ids) : q;
	};
	const volunteers = () => {
		const filter = volunteerScopeFilter(scope);
		const q = db.selectFrom('volunteers').where('volunteers.status', '=', 'active');
		return filter ? q.where(filter) : q;
	};
	const follows = () => {
		const q = db.selectFrom('device_follows');
		return ids ? q.where('device_follows.neighbourhood_id', 'in', ids) : q;
	};
	const confirmedCount = (eb: ExpressionBuilder<DB, 'tasks'>) =>
		eb
			.selectFrom('task_signups as s')
			.select((c) => c.fn.countAll<number>().as('n'))
			.whereRef('s.task_id', '=', 'tasks.id')
			.where('s.status', '=', 'confirmed');
	const upcoming = () =>
		tasks().where('tasks.status', '=', 'open').where('tasks.starts_at', '>', now);
	const short = () =>
		upcoming()
			.where('tasks.starts_at', '<', now + SHORT_HORIZON_DAYS * DAY)
			.where((eb) => eb(confirmedCount(eb), '<', eb.ref('tasks.slots')));
	const toConfirm = () =>
		signupsOfScope()
			.where('tasks.ends_at', '<', now)
			.where('task_signups.status', '=', 'confirmed')
			.where('task_signups.confirmed_minutes', 'is', null)
			.where('task_signups.no_show', '=', 0);
	const starts = weekStarts(now, timeZone);
	const first = starts[0]!;

	const [
		hoods,
		followerRows,
		taskRows,
		review,
		confirmTotal,
		confirmList,
		shortTotal,
		shortList,
		volunteerTotal,
		followerTotal,
		signupWeeks,
		minuteWeeks
	] = await Promise.all([
		listNeighbourhoods(db, ids),
		follows()
			.select(['device_follows.neighbourhood_id as id', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy('device_follows.neighbourhood_id')
			.execute(),
		upcoming()
			.select(['tasks.neighbourhood_id as id', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy('tasks.neighbourhood_id')
			.execute(),
		volunteers()
			.where((eb) =>
				eb.not(
					eb.exists(
						eb
							.selectFrom('volunteer_reviews')
							.select('volunteer_reviews.volunteer_id')
							.whereRef('volunteer_reviews.volunteer_id', '=', 'volunteers.id')
							.where('volunteer_reviews.verified', '=', 1)
					)
				)
			)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow(),
		toConfirm()
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow(),
		toConfirm()
			.select(['tasks.id', 'tasks.title', 'tasks.starts_at', 'tasks.slots'])
			.select((eb) => eb.fn.countAll<number>().as('open'))
			.groupBy(['tasks.id', 'tasks.title', 'tasks.starts_at', 'tasks.slots'])
			.orderBy('tasks.starts_at')
			.orderBy('tasks.id')
			.limit(LIST_LIMIT)
			.execute(),
		short()
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow(),
		short()
			.select(['tasks.id', 'tasks.title', 'tasks.starts_at', 'tasks.slots'])
			.select((eb) => confirmedCount(eb).as('filled'))
			.orderBy('tasks.starts_at')
			.orderBy('tasks.id')
			.limit(LIST_LIMIT)
			.execute(),
		volunteers()
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow(),
		follows()
			.select(sql<number>`count(distinct device_follows.client_id)`.as('n'))
			.executeTakeFirstOrThrow(),
		signupsOfScope()
			.where('task_signups.arrived_at', '>=', first)
			.where('task_signups.status', '!=', 'cancelled')
			.select([
				weekBucket(sql.ref('task_signups.arrived_at'), starts).as('week'),
				(eb) => eb.fn.countAll<number>().as('n')
			])
			.groupBy('week')
			.execute(),
		signupsOfScope()
			.where('tasks.starts_at', '>=', first)
			.where('tasks.starts_at', '<', now)
			.where('task_signups.confirmed_minutes', 'is not', null)
			.select([
				weekBucket(sql.ref('tasks.starts_at'), starts).as('week'),
				sql<number>`sum(task_signups.confirmed_minutes)`.as('n')
			])
			.groupBy('week')
			.execute()
	]);

	const byId = (rows: { id: string | null; n: unknown }[]) =>
		new Map(rows.map((r) => [r.id, Number(r.n)]));
	const followers = byId(followerRows);
	const upcomingBy = byId(taskRows);
	const byWeek = (rows: { week: unknown; n: unknown }[]) =>
		new Map(rows.map((r) => [Number(r.week), Number(r.n ?? 0)]));
	const signups = byWeek(signupWeeks);
	const minutes = byWeek(minuteWeeks);
	return {
		neighbourhoods: hoods.map((h) => ({
			id: h.id,
			names: h.names,
			followers: followers.get(h.id) ?? 0,
			tasks: upcomingBy.get(h.id) ?? 0
		})),
		attention: {
			volunteersToReview: Number(review.n),
			hoursToConfirm: Number(confirmTotal.n),
			hoursToConfirmTasks: confirmList.map((t) => ({
				id: t.id,
				title: t.title,
				startsAt: Number(t.starts_at),
				filled: 0,
				slots: Number(t.slots),
				open: Number(t.open)
			})),
			tasksShort: Number(shortTotal.n),
			tasksShortList: shortList.map((t) => ({
				id: t.id,
				title: t.title,
				startsAt: Number(t.starts_at),
				filled: Number(t.filled ?? 0),
				slots: Number(t.slots),
				open: 0
			}))
		},
		counts: {
			volunteers: Number(volunteerTotal.n),
			upcomingTasks: [...upcomingBy.values()].reduce((a, b) => a + b, 0),
			followers: Number(followerTotal.n)
		},
		weeks: starts.map((start, i) => ({
			start,
			minutes: minutes.get(i) ?? 0,
			signups: signups.get(i) ?? 0
		}))
	};
}
