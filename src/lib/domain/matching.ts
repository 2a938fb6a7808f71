import {
	DAYS,
	type Part,
	type Slot,
	type TaskPublic,
	type VolunteerProfile
} from '$shared/volunteer';

/** The availability slot a moment falls in, in the phone's time zone (the neighbourhood's). */
export function slotAt(ms: number): Slot {
	const date = new Date(ms);
	const day = DAYS[(date.getDay() + 6) % 7]!; // getDay: 0 = Sunday
	const hour = date.getHours();
	const part: Part = hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
	return `${day}-${part}`;
}

/** The slots a time window touches (hour by hour). */
export function slotsBetween(start: number, end: number): Set<Slot> {
	const slots = new Set<Slot>();
	for (let t = start; t < end; t += 3_600_000) slots.add(slotAt(t));
	slots.add(slotAt(Math.max(start, end - 60_000)));
	return slots;
}

export function matches(
	task: TaskPublic,
	profile: Pick<VolunteerProfile, 'skills' | 'availability'>
): boolean {
	const skillOk = task.skills.length === 0 || task.skills.some((s) => profile.skills.includes(s));
	const times = slotsBetween(task.startsAt, task.endsAt);
	const timeOk = profile.availability.some((slot) => times.has(slot));
	return skillOk && timeOk;
}

/** Upcoming open tasks, the ones that fit the volunteer's skills and week first, then by time. */
export function rankTasks(
	tasks: TaskPublic[],
	profile: Pick<VolunteerProfile, 'skills' | 'availability'> | undefined,
	now: number
) {
	return tasks
		.filter((t) => t.status === 'open' && t.endsAt > now)
		.map((task) => ({ task, match: profile ? matches(task, profile) : false }))
		.sort((a, b) => Number(b.match) - Number(a.match) || a.task.startsAt - b.task.startsAt);
}
