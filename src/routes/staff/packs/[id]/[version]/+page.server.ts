import { error, fail } from '@sveltejs/kit';
import { serverContext } from '$lib/server/context';
import { requireRole, requireUser } from '$lib/server/auth/guard';
import {
	knownKeys,
	reassignPack,
	revokeKey,
	reviewVersion,
	versionForReview,
	type ReviewAction
} from '$lib/server/publishing/store';
import { previewBlocks } from '$lib/server/publishing/preview';
import { serverI18n } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { db } = (await serverContext()).database;
	// Its publisher and admins only; anyone else is told nothing about it.
	const found = await versionForReview(db, user, event.params.id, event.params.version);
	if (!found) error(404, { message: 'Not found', code: 'not_found' });
	const { summary, pack } = found;
	const admin = user.roles.includes('admin');
	const { t } = await serverI18n(event.locals.prefs);
	const labels = { true: t('admin:packs.preview.true'), false: t('admin:packs.preview.false') };
	return {
		admin,
		summary,
		changelog: pack.meta.changelog,
		description: pack.meta.description,
		claimed: pack.meta.publisher,
		assets: [...pack.assets.keys()],
		languages: pack.languages.map((language) => ({
			lang: language.lang,
			lessons: language.lessons.map((lesson) => ({
				id: lesson.id,
				title: lesson.title,
				summary: lesson.summary,
				minutes: lesson.minutes,
				blocks: previewBlocks(lesson.blocks, labels)
			}))
		})),
		lessonSummaries: pack.meta.lessons,
		keys: admin
			? (await knownKeys(db)).filter(
					(k) => k.status !== 'revoked' && k.fingerprint !== summary.fingerprint
				)
			: []
	};
};

const ACTIONS: ReviewAction[] = ['approve', 'reject', 'withdraw'];

export const actions: Actions = {
	review: async (event) => {
		const admin = requireRole(event, 'admin');
		const form = await event.request.formData();
		const decision = String(form.get('decision') ?? '') as ReviewAction;
		if (!ACTIONS.includes(decision)) return fail(400, { action: 'review' as const, error: 'bad' });
		const name = String(form.get('publisherName') ?? '')
			.trim()
			.slice(0, 100);
		const { db } = (await serverContext()).database;
		const done = await reviewVersion(
			db,
			admin,
			event.params.id,
			event.params.version,
			decision,
			name || undefined
		);
		if (!done) return fail(409, { action: 'review' as const, error: 'stale' });
		return { action: 'review' as const, decision };
	},
	revokeKey: async (event) => {
		const admin = requireRole(event, 'admin');
		const fingerprint = String((await event.request.formData()).get('fingerprint') ?? '');
		const { db } = (await serverContext()).database;
		if (!(await revokeKey(db, admin, fingerprint)))
			return fail(409, { action: 'revokeKey' as const, error: 'stale' });
		return { action: 'revokeKey' as const };
	},
	reassign: async (event) => {
		const admin = requireRole(event, 'admin');
		const fingerprint = String((await event.request.formData()).get('fingerprint') ?? '');
		const { db } = (await serverContext()).database;
		if (!(await reassignPack(db, admin, event.params.id, fingerprint)))
			return fail(400, { action: 'reassign' as const, error: 'bad' });
		return { action: 'reassign' as const };
	}
};
