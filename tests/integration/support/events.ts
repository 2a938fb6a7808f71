/** A sample event for tests: a balcony concert two days ahead, with a limited and an open role. */
import { randomUUID } from 'node:crypto';
import type { EventFields } from '../../../src/lib/shared/events';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function concertInput(neighbourhoodId: string, now: number, places = 20): EventFields {
	return {
		neighbourhoodId,
		kind: 'balconyConcert',
		titles: { en: 'Balcony concert', 'zh-Hant': '陽台音樂會' },
		descriptions: { en: 'We sing together from our balconies.' },
		startsAt: now + 2 * DAY,
		endsAt: now + 2 * DAY + 2 * HOUR,
		signupDeadline: now + DAY,
		place: 'Courtyard of Block 3',
		bring: 'A torch',
		safety: 'Keep to your own balcony.',
		roles: [
			{ id: randomUUID(), names: { en: 'Lead singers', 'zh-Hant': '領唱' }, capacity: places },
			{ id: randomUUID(), names: { en: 'Everyone else' }, capacity: null }
		],
		songs: [{ title: '月亮代表我的心', words: '你問我愛你有多深\n我愛你有幾分' }]
	};
}

/** A resident's sign-up for one role of an event, as the phone sends it (`event.signUp`). */
export function signUpInput(eventId: string, roleId: string, extra: Record<string, unknown> = {}) {
	return {
		id: randomUUID(),
		eventId,
		roleId,
		name: '陳大文',
		building: 'Block 3',
		unit: '12F',
		partySize: 1,
		...extra
	};
}
