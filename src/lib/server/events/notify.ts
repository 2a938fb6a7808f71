/**
 * Telling people on their phones that they got a place: a cancellation (or more places) moves
 * someone up from the waitlist, and their phones with notifications on hear it at once; the
 * others see it after their next sync. Sent through the push queue (one job per sign-up, so a
 * second call from any process sends nothing more), after the change has committed.
 */
import { LANGUAGES } from '../../i18n/languages';
import { pickText } from '../../shared/events';
import type { Database } from '../db/connect';
import { MAX_TITLE, notifyTopic, type Texts } from '../push/notify';
import { signupTopic } from './mutations';

export async function notifyPromoted(database: Database, eventId: string, signupIds: string[]) {
	if (signupIds.length === 0) return;
	try {
		const event = await database.db
			.selectFrom('events')
			.select('titles')
			.where('id', '=', eventId)
			.executeTakeFirst();
		const titles = JSON.parse(event?.titles ?? '{}') as Record<string, string>;
		const title: Texts = {};
		const body: Texts = {};
		// Loaded here, not at the top: the CLI's bundle seeds demo events through this module and
		// has no use for (nor the loader of) the app's strings; it never frees a place.
		const { serverI18n } = await import('../i18n');
		for (const lang of LANGUAGES) {
			const { t } = await serverI18n({ lang, region: { status: 'unknown' } });
			title[lang] = t('events:push.promotedTitle', { title: pickText(titles, lang) }).slice(
				0,
				MAX_TITLE
			);
			body[lang] = t('events:push.promotedBody');
		}
		for (const id of signupIds)
			await notifyTopic(
				database,
				signupTopic(id),
				{ title, body, url: `/events/${eventId}`, tag: `event-place:${eventId}` },
				{ dedupeKey: `event-promoted:${id}` }
			);
	} catch (error) {
		// The place is theirs either way (committed); their phones show it after the next sync.
		console.warn('[linli] could not queue the notification of a place', error);
	}
}
