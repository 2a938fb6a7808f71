import i18next, { type i18n as I18next, type TFunction } from 'i18next';
import { DEFAULT_LANG, type Lang } from './languages';
import { loadLanguage, NAMESPACES } from './resources';

/**
 * One i18next instance for the whole process (browser tab, or server). Its resources only grow and
 * never change once loaded; every reader takes a t fixed to its own language (getFixedT), so two
 * server requests in different languages can render at the same time without touching each other.
 */
export const i18n: I18next = i18next.createInstance();

let initialised: Promise<unknown> | undefined;

function init(): Promise<unknown> {
	initialised ??= i18n.init({
		lng: DEFAULT_LANG,
		fallbackLng: DEFAULT_LANG,
		ns: [...NAMESPACES],
		defaultNS: 'common',
		resources: {},
		initAsync: false,
		returnNull: false,
		// Svelte escapes every interpolated value; escaping here too would show "&amp;".
		interpolation: { escapeValue: false }
	});
	return initialised;
}

/** Makes sure a language's strings are in the instance, then returns a t fixed to it. */
export async function fixedT(lang: Lang): Promise<TFunction> {
	await init();
	if (!i18n.hasResourceBundle(lang, 'common')) {
		const bundles = await loadLanguage(lang);
		for (const [namespace, strings] of Object.entries(bundles)) {
			i18n.addResourceBundle(lang, namespace, strings, true, false);
		}
	}
	if (lang !== DEFAULT_LANG && !i18n.hasResourceBundle(DEFAULT_LANG, 'common')) {
		await fixedT(DEFAULT_LANG);
	}
	return i18n.getFixedT(lang);
}
