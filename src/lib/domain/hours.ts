/**
 * Hours as organizers type them: "2.5" (or "2,5") hours, or "2:30" hours and minutes. Full-width
 * digits and colons from a Chinese keyboard count too. Up to 24 hours.
 */
export function parseHours(text: string): number | undefined {
	const typed = text.normalize('NFKC').trim().replace(',', '.');
	let minutes: number;
	const clock = /^(\d{1,2}):([0-5]\d)$/.exec(typed);
	if (clock) minutes = Number(clock[1]) * 60 + Number(clock[2]);
	else if (/^\d{1,2}(\.\d{1,2})?$|^\.\d{1,2}$/.test(typed))
		minutes = Math.round(Number(typed) * 60);
	else return undefined;
	return minutes <= 24 * 60 ? minutes : undefined;
}

/** Minutes as the hours field shows them: "2.5", "0.75", "3". */
export function hoursValue(minutes: number): string {
	return String(Math.round((minutes / 60) * 100) / 100);
}
