import { error, fail } from '@sveltejs/kit';
import { audit } from '$lib/server/audit';
import { organizerOfEvent } from '$lib/server/events/staff';
import {
	checkIn,
	eventForEdit,
	EventFormError,
	postUpdate,
	setEventStatus
} from '$lib/server/events/store';
import { updateEvent } from '$lib/server/events/store';
import { eventFromForm } from '$lib/server/events/form';
import { admittedTwice, eventRoster } from '$lib/server/events/roster';
import { nowPlayingOf, setNowPlaying } from '$lib/server/events/now-playing';
import { eventTopic } from '$lib/server/events/mutations';
import { notifyTopic } from '$lib/server/push/notify';
import { serverI18n } from '$lib/server/i18n';
import { Rejection } from '$lib/server/sync/types';
import { LANGUAGES } from '$lib/i18n/languages';
import { pickText } from '$shared/events';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { ctx, id, timeZone } = await organizerOfEvent(event);
	const found = await eventForEdit(ctx.database.db, id);
	if (!found) error(404, { message: 'Not found', code: 'notFound' });
	const search = event.url.searchParams.get('q') ?? '';
	const { lines, counts } = await eventRoster(ctx.database.db, id, search);
	const everyone = search ? await eventRoster(ctx.database.db, id) : { lines, counts };
	const updates = await ctx.database.db
		.selectFrom('event_updates')
		.select(['id', 'text', 'created_at'])
		.where('event_id', '=', id)
		.orderBy('created_at', 'desc')
		.execute();
	return {
		id,
		event: found.input,
		status: found.status,
		timeZone,
		roster: lines,
		counts: everyone.counts,
		// Two doors let one ticket in: first thing the organizer sees after the night.
		twice: admittedTwice(everyone.lines).map((l) => ({ id: l.id, name: l.name, doors: l.doors })),
		search,
		updates,
		nowPlaying: (await nowPlayingOf(ctx.database.db, id))?.song ?? null,
		link: `${event.url.origin}/events/${id}`
	};
};

/** Runs an organizer's action: a refusal is a 403 (scope) or a form error, never half done. */
async function acting<T>(work: () => Promise<T>) {
	try {
		return { ok: true as const, value: await work() };
	} catch (e) {
		if (e instanceof EventFormError) return { ok: false as const, errors: e.errors };
		if (e instanceof Rejection) {
			if (e.code === 'forbidden') error(403, { message: 'Forbidden', code: 'forbidden' });
			return { ok: false as const, errors: { form: e.code } };
		}
		throw e;
	}
}

const statusAction =
	(status: 'published' | 'postponed' | 'cancelled') =>
	async (event: Parameters<Actions[string]>[0]) => {
		const { user, ctx, scope, id } = await organizerOfEvent(event);
		const result = await acting(() => setEventStatus(ctx.database, scope, id, status));
		if (!result.ok) return fail(400, { errors: result.errors });
		await audit(ctx.database.db, user.id, `event.${status}`, { event: id });
		return { status };
	};

export const actions: Actions = {
	update: async (event) => {
		const { user, ctx, scope, id, neighbourhoodId, timeZone } = await organizerOfEvent(event);
		const form = await event.request.formData();
		const input = eventFromForm(form, neighbourhoodId, timeZone, event.locals.prefs.lang);
		const result = await acting(() => updateEvent(ctx.database, scope, id, input));
		if (!result.ok) return fail(400, { errors: result.errors });
		await audit(ctx.database.db, user.id, 'event.update', { event: id });
		return { saved: true };
	},
	publish: statusAction('published'),
	postpone: statusAction('postponed'),
	cancel: statusAction('cancelled'),
	postUpdate: async (event) => {
		const { user, ctx, scope, id } = await organizerOfEvent(event);
		const text = String((await event.request.formData()).get('text') ?? '');
		const result = await acting(() => postUpdate(ctx.database, scope, id, text, user.id));
		if (!result.ok) return fail(400, { updateErrors: result.errors });
		// Signed-up phones with notifications on hear of it now (the job queue sends it).
		const found = await eventForEdit(ctx.database.db, id);
		const titles: Record<string, string> = {};
		for (const lang of LANGUAGES) {
			const { t } = await serverI18n({ lang, region: { status: 'unknown' } });
			titles[lang] = t('events:push.updateTitle', {
				title: pickText(found?.input.titles ?? {}, lang)
			}).slice(0, 120);
		}
		await notifyTopic(
			ctx.database,
			eventTopic(id),
			{ title: titles, body: { en: text.trim().slice(0, 400) }, url: `/events/${id}` },
			{ dedupeKey: `event-update:${result.value}` }
		);
		await audit(ctx.database.db, user.id, 'event.postUpdate', { event: id });
		return { posted: true };
	},
	nowPlaying: async (event) => {
		const { user, ctx, scope, id } = await organizerOfEvent(event);
		const field = String((await event.request.formData()).get('song') ?? '');
		const song = field === '' ? null : Number(field);
		const result = await acting(() => setNowPlaying(ctx.database, scope, id, { song }));
		if (!result.ok) return fail(400, { nowPlayingErrors: result.errors });
		await audit(ctx.database.db, user.id, 'event.nowPlaying', { event: id, song: song ?? 'none' });
		return { nowPlaying: song };
	},
	checkIn: async (event) => {
		const { user, ctx, scope, id } = await organizerOfEvent(event);
		const signupId = String((await event.request.formData()).get('signupId') ?? '');
		const result = await acting(() => checkIn(ctx.database, scope, id, signupId, user.id));
		if (!result.ok) return fail(400, { checkInErrors: result.errors, signupId });
		await audit(ctx.database.db, user.id, 'event.checkIn', { event: id, signup: signupId });
		return { checkedIn: signupId };
	}
};
