/**
 * A task as anyone may see it, for the page a shared link opens (rendered on the server, so a link
 * preview says what the task is). The same public fields every device receives in the "task"
 * collection: never the exact address or the contact's phone.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/database';
import type { SharedTask } from '../../shared/volunteer';

export async function publicTask(db: Kysely<DB>, id: string): Promise<SharedTask | undefined> {
	if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
	const row = await db
		.selectFrom('tasks')
		.select([
			'id',
			'title',
			'place',
			'description',
			'bring',
			'contact_name',
			'starts_at',
			'ends_at',
			'skills',
			'slots',
			'status'
		])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) return undefined;
	const confirmed = await db
		.selectFrom('task_signups')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('task_id', '=', id)
		.where('status', '=', 'confirmed')
		.executeTakeFirstOrThrow();
	return {
		id: row.id,
		title: row.title,
		place: row.place,
		description: row.description,
		bring: row.bring,
		contactName: row.contact_name,
		startsAt: row.starts_at,
		endsAt: row.ends_at,
		skills: JSON.parse(row.skills) as SharedTask['skills'],
		slots: row.slots,
		confirmed: Number(confirmed.n),
		status: row.status
	};
}
