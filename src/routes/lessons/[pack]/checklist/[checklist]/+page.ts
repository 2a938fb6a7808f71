import { error } from '@sveltejs/kit';
import { loadPackContent, loadPackMeta } from '$lib/lessons/packs';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, parent }) => {
	const { prefs } = await parent();
	const meta = await loadPackMeta(fetch, params.pack);
	const { content, lang } = await loadPackContent(fetch, meta, prefs.lang);
	for (const lesson of content.lessons) {
		for (const block of lesson.blocks) {
			if (block.t === 'checklist' && block.id === params.checklist) {
				return { meta, lesson: { id: lesson.id, title: lesson.title }, list: block, lang };
			}
		}
	}
	error(404, { message: 'Not found', code: 'notFound' });
};
