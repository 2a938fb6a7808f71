import * as v from 'valibot';
import { NeighbourhoodInput } from './store';

/** A neighbourhood from the admins' form; errors by field (translation keys). */
export function neighbourhoodFromForm(form: FormData): {
	input?: NeighbourhoodInput;
	errors: Record<string, string>;
} {
	const text = (name: string) => String(form.get(name) ?? '').replace(/\r\n?/g, '\n');
	const raw = {
		names: {
			en: text('name-en'),
			'zh-Hant': text('name-zh-Hant'),
			'zh-Hans': text('name-zh-Hans')
		},
		description: text('description'),
		region: text('region'),
		timeZone: text('timeZone'),
		// A checkbox: sent only when ticked.
		listed: form.get('listed') !== null
	};
	const result = v.safeParse(NeighbourhoodInput, raw, { abortEarly: false });
	if (result.success) return { input: result.output, errors: {} };
	const errors: Record<string, string> = {};
	for (const issue of result.issues) {
		const path = issue.path?.map((p) => String(p.key)) ?? [];
		const field = path[0] === 'names' ? `name-${path[1] ?? 'en'}` : (path[0] ?? 'form');
		errors[field] ??= ['nameRequired', 'tooLong', 'timeZone'].includes(issue.message)
			? issue.message
			: 'invalid';
	}
	return { errors };
}
