/**
 * Intl formatters, made once per kind, language and options: making one costs tens of
 * milliseconds on a slow phone (a lesson page names regions many times, the registration form
 * names twenty languages), using one costs microseconds.
 */
const formatters = new Map<string, unknown>();

export function formatter<Options, Format>(
	Kind: new (lang: string, options: Options) => Format,
	lang: string,
	options: Options
): Format {
	const key = `${Kind.name}|${lang}|${JSON.stringify(options)}`;
	let made = formatters.get(key) as Format | undefined;
	if (!made) {
		made = new Kind(lang, options);
		formatters.set(key, made);
	}
	return made;
}
