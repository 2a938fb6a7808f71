import { serverContext } from '$lib/server/context';
import { requireRole } from '$lib/server/auth/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organize');
	const { database } = await serverContext();
	const tasks = await database.db
		.selectFrom('tasks')
		.select(['id', 'title', 'place', 'starts_at', 'ends_at', 'slots', 'status'])
		.orderBy('starts_at', 'desc')
		.limit(200)
		.execute();
	const counts = await database.db
		.selectFrom('task_signups')
		.select(['task_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('status', '!=', 'cancelled')
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
