import { describe, expect, it } from 'vitest';
import type { TaskPublic } from '$shared/volunteer';
import { matches, rankTasks, slotAt } from './matching';

const at = (y: number, m: number, d: number, h: number) => new Date(y, m - 1, d, h).getTime();
const task = (
	id: string,
	start: number,
	skills: TaskPublic['skills'] = [],
	hours = 2
): TaskPublic => ({
	id,
	title: id,
	place: 'p',
	startsAt: start,
	endsAt: start + hours * 3_600_000,
	skills,
	slots: 1,
	confirmed: 0,
	waitlisted: 0,
	status: 'open',
	updatedAt: 0
});

describe('matching tasks to a volunteer', () => {
	it('names the slot of a moment', () => {
		expect(slotAt(at(2026, 11, 30, 9))).toBe('mon-morning'); // 30 Nov 2026 is a Monday
		expect(slotAt(at(2026, 12, 6, 19))).toBe('sun-evening');
	});

	it('needs a shared skill (or none asked) and a free slot the task touches', () => {
		const volunteer = { skills: ['delivery' as const], availability: ['mon-morning' as const] };
		expect(matches(task('a', at(2026, 11, 30, 10), ['delivery']), volunteer)).toBe(true);
		expect(matches(task('b', at(2026, 11, 30, 10), ['driving']), volunteer)).toBe(false);
		expect(matches(task('c', at(2026, 11, 30, 10)), volunteer)).toBe(true);
		expect(matches(task('d', at(2026, 11, 30, 15)), volunteer)).toBe(false);
		expect(matches(task('e', at(2026, 11, 30, 11), [], 3), volunteer)).toBe(true); // starts in the morning
	});

	it('lists matching tasks first, then by time, and hides past or cancelled ones', () => {
		const now = at(2026, 11, 29, 12);
		const tasks = [
			task('later-match', at(2026, 12, 7, 9)),
			task('soon-no-match', at(2026, 11, 30, 20)),
			task('soon-match', at(2026, 11, 30, 9)),
			task('past', at(2026, 11, 28, 9)),
			{ ...task('cancelled', at(2026, 11, 30, 9)), status: 'cancelled' as const }
		];
		const ranked = rankTasks(tasks, { skills: [], availability: ['mon-morning'] }, now);
		expect(ranked.map((r) => r.task.id)).toEqual(['soon-match', 'later-match', 'soon-no-match']);
	});
});
