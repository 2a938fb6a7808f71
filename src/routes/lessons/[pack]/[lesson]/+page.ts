import { error } from '@sveltejs/kit';
import { loadPackContent, loadPackMeta } from '$lib/lessons/packs';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, parent }) => {
	const { prefs } = await parent();
	const meta = await loadPackMeta(fetch, params.pack);
	const { content, lang, fallback } = await loadPackContent(fetch, meta, prefs.lang);
	const index = content.lessons.findIndex((l) => l.id === params.lesson);
	const lesson = content.lessons[index];
	const summary = meta.lessons.find((l) => l.id === params.lesson);
	if (!lesson || !summary) error(404, { message: 'Not found', code: 'notFound' });
	return {
		meta,
		lesson,
		summary,
		lang,
		fallback,
		previous: content.lessons[index - 1],
		next: content.lessons[index + 1]
	};
};
