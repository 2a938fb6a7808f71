/**
 * Announcements and contacts from the organizers' forms: the fields as the schemas of
 * $shared/announcements want them, and errors by form field (translation keys news:errors.*).
 */
import * as v from 'valibot';
import { LANGUAGES } from '../../i18n/languages';
import { AnnouncementInput, ContactInput, MAX_CONTACT_PHONES } from '../../shared/announcements';
import { formTime } from '../volunteers/task-form';

const CODES = ['required', 'tooLong', 'textRequired', 'nameRequired', 'order', 'phone', 'tooMany'];

const text = (form: FormData, name: string) =>
	// Lines typed on Windows arrive as CRLF: store one kind of line break.
	String(form.get(name) ?? '').replace(/\r\n?/g, '\n');

/** The form field an issue belongs to: texts.en.title → title-en, phones.2.number → phone-2. */
function fieldOf(path: string[], firstText: string): string {
	if (path[0] === 'texts') return path[1] && path[2] ? `${path[2]}-${path[1]}` : firstText;
	if (path[0] === 'phones') return path[1] ? `phone-${path[1]}` : 'phone-0';
	if (path[0] === 'neighbourhoodId') return 'neighbourhood';
	return path[0] ?? 'form';
}

function errorsOf(issues: v.BaseIssue<unknown>[], firstText: string) {
	const errors: Record<string, string> = {};
	for (const issue of issues) {
		const path = issue.path?.map((p) => String(p.key)) ?? [];
		errors[fieldOf(path, firstText)] ??= CODES.includes(issue.message) ? issue.message : 'invalid';
	}
	return errors;
}

/** An optional datetime-local field: undefined when empty, NaN when not a time. */
function optionalTime(form: FormData, name: string) {
	return text(form, name).trim() === '' ? undefined : formTime(form, name);
}

export function announcementFromForm(
	form: FormData,
	neighbourhoodId: string
): { input?: AnnouncementInput; errors: Record<string, string> } {
	const raw = {
		neighbourhoodId,
		kind: text(form, 'kind'),
		texts: Object.fromEntries(
			LANGUAGES.map((l) => [l, { title: text(form, `title-${l}`), body: text(form, `body-${l}`) }])
		),
		startsAt: optionalTime(form, 'startsAt'),
		endsAt: optionalTime(form, 'endsAt'),
		pinned: form.get('pinned') === 'on' || form.get('pinned') === 'true'
	};
	const result = v.safeParse(AnnouncementInput, raw, { abortEarly: false });
	if (result.success) return { input: result.output, errors: {} };
	return { errors: errorsOf(result.issues, 'title-en') };
}

export function contactFromForm(
	form: FormData,
	neighbourhoodId: string
): { input?: ContactInput; errors: Record<string, string> } {
	const phones = [];
	for (let i = 0; i < MAX_CONTACT_PHONES + 1; i++) {
		const number = text(form, `phone-${i}`).trim();
		const label = text(form, `phoneLabel-${i}`);
		if (number || label.trim()) phones.push({ number, label });
	}
	const raw = {
		neighbourhoodId,
		category: text(form, 'category'),
		texts: Object.fromEntries(
			LANGUAGES.map((l) => [
				l,
				{
					name: text(form, `name-${l}`),
					about: text(form, `about-${l}`),
					hours: text(form, `hours-${l}`),
					address: text(form, `address-${l}`)
				}
			])
		),
		phones
	};
	const result = v.safeParse(ContactInput, raw, { abortEarly: false });
	if (result.success) return { input: result.output, errors: {} };
	return { errors: errorsOf(result.issues, 'name-en') };
}
