/**
 * A phone keeps the strings of the languages it reads, not of every language the app has: the
 * shell precache holds none (issue 11's budget, and more languages come "by file"). The service
 * worker (src/service-worker/strings.ts) stores, at install, the language the phone reads (its
 * language cookie, else the browser's); and when a page reads a string file of another language
 * from the network (a switch, online), the rest of that language. A language kept once is
 * brought along on every update. Offline, a switch to a language the phone never read fails to
 * load and is refused with a reason (LanguageSwitcher). build-sw.js writes the list of files.
 */
import type { Lang } from './languages';

/** Each language's string files (URLs of the built chunks), as build-sw.js writes them. */
export type LanguageFiles = Partial<Record<Lang, string[]>>;

/** Where the kept strings live; the list of kept languages is stored in it too. */
export const STRINGS_CACHE = 'linli-strings';
export const KEPT_LANGUAGES_URL = '/__linli/kept-languages';

/** The cookie that holds the language the reader chose (lib/settings/preferences.ts). */
export const LANG_COOKIE = 'linli_lang';
