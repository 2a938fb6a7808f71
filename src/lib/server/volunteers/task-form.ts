import * as v from 'valibot';
import { SKILLS, TaskInput, type Skill } from '../../shared/volunteer';

/**
 * A datetime-local field as ms: the organizer's wall-clock time plus their browser's offset from
 * UTC (the form's `offset` field). NaN when missing or malformed.
 */
export function formTime(form: FormData, name: string): number {
	const offset = Number(form.get('offset') ?? new Date().getTimezoneOffset());
	const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(String(form.get(name) ?? ''));
	if (!match) return NaN;
	const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
	return Date.UTC(y, mo - 1, d, h, mi) + (Number.isFinite(offset) ? offset : 0) * 60_000;
}

/**
 * A task from the organizers' form. Times arrive as the organizer's wall-clock time
 * (datetime-local) plus their browser's offset from UTC, so the server's own time zone does not
 * matter. (Neighbourhoods without daylight saving, as in Hong Kong, Taiwan and the mainland, need
 * nothing more.)
 */
export function taskFromForm(form: FormData): {
	input?: TaskInput;
	errors: Record<string, string>;
} {
	const time = (name: string) => formTime(form, name);
	const raw = {
		title: String(form.get('title') ?? ''),
		place: String(form.get('place') ?? ''),
		address: String(form.get('address') ?? ''),
		// Lines typed on Windows arrive as CRLF: store one kind of line break.
		description: String(form.get('description') ?? '').replace(/\r\n?/g, '\n'),
		bring: String(form.get('bring') ?? '').replace(/\r\n?/g, '\n'),
		contactName: String(form.get('contactName') ?? ''),
		contactPhone: String(form.get('contactPhone') ?? ''),
		startsAt: time('startsAt'),
		endsAt: time('endsAt'),
		skills: form
			.getAll('skills')
			.map(String)
			.filter((s): s is Skill => (SKILLS as readonly string[]).includes(s)),
		slots: Number(form.get('slots'))
	};
	const result = v.safeParse(TaskInput, raw, { abortEarly: false });
	const errors: Record<string, string> = {};
	if (!result.success) {
		for (const issue of result.issues)
			errors[String(issue.path?.[0]?.key ?? 'form')] ??= /^[a-zA-Z]+$/.test(issue.message)
				? issue.message
				: 'invalid';
		return { errors };
	}
	if (result.output.endsAt <= result.output.startsAt) return { errors: { endsAt: 'order' } };
	return { input: result.output, errors };
}
