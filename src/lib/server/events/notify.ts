/**
 * Telling people on their phones that they got a place: a cancellation (or more places) moves
 * someone up from the waitlist, and their phones with notifications on hear it at once; the
 * others see it after their next sync. Sent through the push queue (one job per sign-up, so a
 * second call from any process sends nothing more), after the change has committed.
 */
import en from '../../i18n/locales/en/events.json';
import zhHans from '../../i18n/locales/zh-Hans/events.json';
import zhHant from '../../i18n/locales/zh-Hant/events.json';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import { interpolate } from '../../i18n/translate';
import { pickText } from '../../shared/events';
import type { Database } from '../db/connect';
import { MAX_TITLE, notifyTopic, type Texts } from '../push/notify';
import { signupTopic } from './mutations';

/**
 * The words, read from the locale files themselves (not the app's loader, which the CLI's bundle,
 * seeding demo events through the same code, does not have).
 */
const WORDS: Record<Lang, { promotedTitle: string; promotedBody: string }> = {
	en: en.push,
	'zh-Hant': zhHant.push,
	'zh-Hans': zhHans.push
};

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
		for (const lang of LANGUAGES) {
			const words = WORDS[lang];
			title[lang] = interpolate(words.promotedTitle, { title: pickText(titles, lang) }).slice(
				0,
				MAX_TITLE
			);
			body[lang] = words.promotedBody;
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
