import { serverContext } from '$lib/server/context';
import { requireRole } from '$lib/server/auth/guard';
import { staffScope } from '$lib/server/neighbourhoods/scope';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'organize');
	const { database } = await serverContext();
	const scope = await staffScope(database.db, user);
	let query = database.db
		.selectFrom('tasks')
		.select(['id', 'title', 'place', 'starts_at', 'ends_at', 'slots', 'status'])
		.orderBy('starts_at', 'desc')
		.limit(200);
	// An organizer sees the tasks of their own neighbourhoods only.
	if (!scope.all)
		query = query.where('neighbourhood_id', 'in', scope.ids.length ? scope.ids : ['']);
	const tasks = await query.execute();
	const counts = await database.db
		.selectFrom('task_signups')
		.select(['task_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('status', '!=', 'cancelled')
		.where('task_id', 'in', tasks.length ? tasks.map((t) => t.id) : [''])
		.groupBy(['task_id', 'status'])
		.execute();
	return {
		tasks: tasks.map((t) => ({
			...t,
			confirmed: Number(counts.find((c) => c.task_id === t.id && c.status === 'confirmed')?.n ?? 0),
			waitlisted: Number(
				counts.find((c) => c.task_id === t.id && c.status === 'waitlisted')?.n ?? 0
			)
		}))
	};
};
