/**
 * What devices receive about volunteering, by audience:
 * - everyone ("*"): tasks without their exact address and contact phone, with counts of places;
 * - a resident's devices: their registration, its review status, their sign-ups (with waitlist
 *   place), the exact address and contact phone of tasks they are confirmed for, their notices.
 * Each collection has a single audience per record, so a device never gets two versions of one.
 */
import { waitlistPositions } from '../../domain/capacity';
import type {
	NoticeRecord,
	SignupRecord,
	TaskPublic,
	TaskPrivate,
	VolunteerStatusRecord
} from '../../shared/volunteer';
import { placeOf } from '../capacity';
import { isSharedAudience, type CollectionHandler } from '../sync/types';
import { VOLUNTEER, VOLUNTEER_STATUS } from './purge';
import { profileOf } from './rows';
import { neighbourhoodsOfVolunteers } from '../neighbourhoods/volunteers';
import { NOTICE, SIGNUP, TASK, TASK_PRIVATE } from './tasks';

const residentOf = (audience: string) =>
	audience.startsWith('r:') ? audience.slice(2) : undefined;

const volunteer: CollectionHandler = {
	name: VOLUNTEER,
	async read(trx, ids, audience) {
		const resident = residentOf(audience);
		const found = new Map<string, unknown>();
		if (!resident) return found;
		const rows = await trx
			.selectFrom('volunteers')
			.selectAll()
			.where('id', 'in', ids)
			.where('resident_id', '=', resident)
			.execute();
		const hoods = await neighbourhoodsOfVolunteers(
			trx,
			rows.map((r) => r.id)
		);
		for (const row of rows)
			found.set(row.id, { ...profileOf(row), neighbourhoodIds: hoods.get(row.id) ?? [] });
		return found;
	}
};

const volunteerStatus: CollectionHandler = {
	name: VOLUNTEER_STATUS,
	async read(trx, ids, audience) {
		const resident = residentOf(audience);
		const found = new Map<string, unknown>();
		if (!resident) return found;
		const rows = await trx
			.selectFrom('volunteers')
			.leftJoin('volunteer_reviews', 'volunteer_reviews.volunteer_id', 'volunteers.id')
			.select(['volunteers.id', 'volunteers.status', 'volunteer_reviews.verified'])
			.where('volunteers.id', 'in', ids)
			.where('volunteers.resident_id', '=', resident)
			.execute();
		for (const row of rows) {
			const record: VolunteerStatusRecord = {
				id: row.id,
				verified: Boolean(row.verified),
				status: row.status
			};
			found.set(row.id, record);
		}
		return found;
	}
};

const task: CollectionHandler = {
	name: TASK,
	async read(trx, ids, audience) {
		const found = new Map<string, unknown>();
		if (!isSharedAudience(audience)) return found;
		const rows = await trx.selectFrom('tasks').selectAll().where('id', 'in', ids).execute();
		const counts = await trx
			.selectFrom('task_signups')
			.select(['task_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
			.where('task_id', 'in', ids)
			.where('status', '!=', 'cancelled')
			.groupBy(['task_id', 'status'])
			.execute();
		for (const row of rows) {
			const count = (status: string) =>
				Number(counts.find((c) => c.task_id === row.id && c.status === status)?.n ?? 0);
			const record: TaskPublic = {
				id: row.id,
				title: row.title,
				place: row.place,
				description: row.description,
				bring: row.bring,
				contactName: row.contact_name,
				startsAt: row.starts_at,
				endsAt: row.ends_at,
				skills: JSON.parse(row.skills) as TaskPublic['skills'],
				slots: row.slots,
				confirmed: count('confirmed'),
				waitlisted: count('waitlisted'),
				status: row.status,
				updatedAt: row.updated_at,
				...(row.neighbourhood_id ? { neighbourhoodId: row.neighbourhood_id } : {})
			};
			found.set(row.id, record);
		}
		return found;
	}
};

const taskPrivate: CollectionHandler = {
	name: TASK_PRIVATE,
	async read(trx, ids, audience) {
		const resident = residentOf(audience);
		const found = new Map<string, unknown>();
		if (!resident) return found;
		// Only while this resident holds a confirmed place on an open task.
		const rows = await trx
			.selectFrom('tasks')
			.innerJoin('task_signups', 'task_signups.task_id', 'tasks.id')
			.select(['tasks.id', 'tasks.address', 'tasks.contact_phone'])
			.where('tasks.id', 'in', ids)
			.where('tasks.status', '=', 'open')
			.where('task_signups.resident_id', '=', resident)
			.where('task_signups.status', '=', 'confirmed')
			.execute();
		for (const row of rows) {
			const record: TaskPrivate = {
				id: row.id,
				address: row.address,
				...(row.contact_phone ? { contactPhone: row.contact_phone } : {})
			};
			found.set(row.id, record);
		}
		return found;
	}
};

const signup: CollectionHandler = {
	name: SIGNUP,
	async read(trx, ids, audience) {
		const resident = residentOf(audience);
		const found = new Map<string, unknown>();
		if (!resident) return found;
		const rows = await trx
			.selectFrom('task_signups')
			.selectAll()
			.where('id', 'in', ids)
			.where('resident_id', '=', resident)
			.execute();
		const waiting = rows.filter((r) => r.status === 'waitlisted').map((r) => r.task_id);
		const queue = waiting.length
			? await trx
					.selectFrom('task_signups')
					.select(['id', 'status', 'arrival'])
					.where('task_id', 'in', waiting)
					.where('status', '=', 'waitlisted')
					.execute()
			: [];
		const positions = waitlistPositions(queue.map(placeOf));
		for (const row of rows) {
			const minutes =
				row.check_in_at !== null && row.check_out_at !== null
					? Math.round((row.check_out_at - row.check_in_at) / 60_000)
					: undefined;
			const record: SignupRecord = {
				id: row.id,
				taskId: row.task_id,
				status: row.status,
				...(positions.has(row.id) ? { position: positions.get(row.id)! } : {}),
				...(row.check_in_at !== null ? { checkInAt: row.check_in_at } : {}),
				...(row.check_out_at !== null ? { checkOutAt: row.check_out_at } : {}),
				...(minutes !== undefined ? { minutes } : {}),
				...(row.confirmed_minutes !== null ? { confirmedMinutes: row.confirmed_minutes } : {}),
				...(row.no_show ? { noShow: true } : {})
			};
			found.set(row.id, record);
		}
		return found;
	}
};

const notice: CollectionHandler = {
	name: NOTICE,
	async read(trx, ids, audience) {
		const resident = residentOf(audience);
		const found = new Map<string, unknown>();
		if (!resident) return found;
		const rows = await trx
			.selectFrom('notices')
			.innerJoin('tasks', 'tasks.id', 'notices.task_id')
			.select([
				'notices.id',
				'notices.kind',
				'notices.task_id',
				'notices.created_at',
				'tasks.title'
			])
			.where('notices.id', 'in', ids)
			.where('notices.resident_id', '=', resident)
			.execute();
		for (const row of rows) {
			const record: NoticeRecord = {
				id: row.id,
				kind: row.kind,
				taskId: row.task_id,
				taskTitle: row.title,
				at: row.created_at
			};
			found.set(row.id, record);
		}
		return found;
	}
};

export const VOLUNTEER_COLLECTIONS = [
	volunteer,
	volunteerStatus,
	task,
	taskPrivate,
	signup,
	notice
];
