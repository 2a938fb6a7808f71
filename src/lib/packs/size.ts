/** A size for people: "48 KB", "5.2 MB", in the reader's language. */
export function formatBytes(bytes: number, lang: string): string {
	const [unit, value] =
		bytes >= 1024 * 1024
			? (['megabyte', bytes / 1024 / 1024] as const)
			: (['kilobyte', bytes / 1024] as const);
	return new Intl.NumberFormat(lang, {
		style: 'unit',
		unit,
		unitDisplay: 'short',
		maximumFractionDigits: value < 10 ? 1 : 0
	}).format(value);
}
