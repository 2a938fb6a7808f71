/**
 * Each page's meta description, in the reader's language: one key per route in
 * `common:description.*`. Kept here, in one place, so that every page has one without saying so;
 * a page may pass its own (PageTitle's `description`). A route not listed gets the app's.
 */
const BY_ROUTE: Record<string, string> = {
	'/': 'home',
	'/events': 'events',
	'/lessons': 'lessons',
	'/lessons/[pack]': 'lessonPack',
	'/lessons/[pack]/[lesson]': 'lesson',
	'/lessons/[pack]/checklist/[checklist]': 'checklist',
	'/settings': 'settings',
	'/sync': 'sync',
	'/volunteer': 'volunteer',
	'/volunteer/hours': 'volunteerHours',
	'/volunteer/privacy': 'volunteerPrivacy',
	'/volunteer/register': 'volunteerRegister',
	'/volunteer/tasks/[id]': 'volunteerTask',
	'/verify/[token]': 'verify'
};

/** The translation key of a route's description (`route` is SvelteKit's route id). */
export function descriptionKey(route: string | null): string {
	if (route && (route === '/staff' || route.startsWith('/staff/')))
		return 'common:description.staff';
	return `common:description.${(route && BY_ROUTE[route]) || 'default'}`;
}
