import { getContext, setContext } from 'svelte';
import type { TFunction } from './translate';
import type { Lang } from './languages';
import type { Region } from '$shared/regions';
import { fixedT } from './instance';
import { loadedNamespaces, onLateStrings } from './resources';
import { rewordingFor } from './regional';
import { formatter } from './intl-cache';

const KEY = Symbol('i18n');

/**
 * The language of one rendered app: one per server request, one per browser tab. Components read
 * `i18n.t` in their markup, so a language switch re-renders text without a reload.
 */
export class I18n {
	lang: Lang = $state('en');
	t: TFunction = $state.raw((() => '') as unknown as TFunction);
	#base: TFunction;
	#region: Region | undefined;

	constructor(lang: Lang, t: TFunction, region?: Region) {
		this.lang = lang;
		this.#base = t;
		this.#region = region;
		this.t = regional(t, lang, region);
		// A namespace a t missed has arrived (route-strings.ts): a new t re-renders every text.
		// Browser only: the server's t has every namespace, and its I18n lives for one request.
		if (typeof document !== 'undefined') {
			onLateStrings(() => (this.t = regional(this.#base, this.lang, this.#region)));
		}
	}

	/**
	 * Loads a language (from the worker's kept strings when offline; it rejects for a language the
	 * phone never read) and switches every string to it: the
	 * same namespaces as the page has in the old language; other pages load theirs as they open.
	 */
	async use(lang: Lang): Promise<void> {
		const t = await fixedT(lang, loadedNamespaces(this.lang));
		this.#base = t;
		this.t = regional(t, lang, this.#region);
		this.lang = lang;
	}

	/** The reader's region changes some words (Hong Kong's 義工 for Taiwan's 志工). */
	setRegion(region: Region | undefined) {
		if (region === this.#region) return;
		this.#region = region;
		this.t = regional(this.#base, this.lang, region);
	}

	/** A date (and time, if asked) in the reader's language. */
	date(
		value: Date | number | string,
		options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }
	) {
		return formatter(Intl.DateTimeFormat, this.lang, options).format(toDate(value));
	}

	time(value: Date | number | string) {
		return formatter(Intl.DateTimeFormat, this.lang, { timeStyle: 'short' }).format(toDate(value));
	}

	number(value: number, options?: Intl.NumberFormatOptions) {
		return formatter(Intl.NumberFormat, this.lang, options).format(value);
	}

	/** "A, B and C" in the reader's language. */
	list(values: string[]) {
		return formatter(Intl.ListFormat, this.lang, { type: 'conjunction' }).format(values);
	}
}

/** t, with the region's words where they differ from the text's. */
function regional(t: TFunction, lang: Lang, region: Region | undefined): TFunction {
	const rewording = rewordingFor(lang, region);
	return ((...args: Parameters<TFunction>) => {
		const text: unknown = t(...args);
		return typeof text === 'string' ? rewording(text) : text;
	}) as TFunction;
}

function toDate(value: Date | number | string): Date | number {
	return typeof value === 'string' ? Date.parse(value) : value;
}

export function setI18n(i18n: I18n): I18n {
	return setContext(KEY, i18n);
}

export function getI18n(): I18n {
	const i18n = getContext<I18n | undefined>(KEY);
	if (!i18n) throw new Error('getI18n() called outside the root layout');
	return i18n;
}
