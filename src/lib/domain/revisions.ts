/**
 * When a pack changes a lesson's safety advice, its changelog entry lists the lesson under
 * `revised` with a note. A reader who learned the lesson before is told what changed on their next
 * visit (offline too) and asked to retake its quiz, and what they mastered before stops counting,
 * everywhere: the lesson's status, the pack's progress, "continue where you left off", badges.
 *
 * The phone keeps, per lesson, the pack version at which the reader last opened it with nothing
 * pending (a pending notice holds it back until they retake the quiz or dismiss the notice), and
 * per quiz result the pack version at which it was recorded. Progress saved before versions were
 * kept has none: it predates every revision, so every revision applies to it.
 */
import semverCompare from 'semver/functions/compare.js';
import semverValid from 'semver/functions/valid.js';
import type { PackChange, PerLang } from '$shared/lesson';

export interface Revision {
	/** The pack version whose changelog entry names the lesson. */
	version: string;
	/** What changed, per language: shown to the reader. */
	notes: PerLang;
}

/** a > b, for valid versions; a version a tampered pack spells wrongly is never newer. */
function newer(a: string, b: string): boolean {
	return Boolean(semverValid(a) && semverValid(b)) && semverCompare(a, b) > 0;
}

/** Every revision of one lesson, newest first. */
export function lessonRevisions(changelog: readonly PackChange[], lessonId: string): Revision[] {
	return changelog
		.flatMap((entry) =>
			(entry.revised ?? [])
				.filter((r) => r.lesson === lessonId)
				.map((r) => ({ version: entry.version, notes: r.notes }))
		)
		.filter((r) => semverValid(r.version))
		.sort((a, b) => semverCompare(b.version, a.version));
}

/**
 * The revisions a reader has not acknowledged, newest first: those newer than the version at
 * which they last opened the lesson with nothing pending. None for a lesson never opened.
 */
export function pendingRevisions(
	changelog: readonly PackChange[],
	lessonId: string,
	progress: { openedVersion?: string } | undefined
): Revision[] {
	if (!progress) return [];
	const revisions = lessonRevisions(changelog, lessonId);
	const seen = progress.openedVersion;
	if (seen === undefined) return revisions;
	return revisions.filter((r) => newer(r.version, seen));
}

/** Whether a quiz result still counts: recorded at or after its lesson's newest revision. */
export function resultCounts(
	changelog: readonly PackChange[],
	lessonId: string,
	result: { packVersion?: string }
): boolean {
	const [latest] = lessonRevisions(changelog, lessonId);
	if (!latest) return true;
	if (result.packVersion === undefined) return false;
	return !newer(latest.version, result.packVersion);
}

/**
 * The "opened at" version to keep after a visit at `current`: the current version, unless a
 * notice is pending, which keeps the old one until the reader retakes the quiz or dismisses it.
 */
export function openedVersionAfterVisit(
	changelog: readonly PackChange[],
	lessonId: string,
	progress: { openedVersion?: string } | undefined,
	current: string
): string | undefined {
	return pendingRevisions(changelog, lessonId, progress).length ? progress?.openedVersion : current;
}

/** The versions of a pack a phone has seen, oldest first, with `version` added once. */
export function withSeenVersion(seen: readonly string[], version: string): string[] {
	if (seen.includes(version) || !semverValid(version)) return [...seen];
	return [...seen, version].filter((v) => semverValid(v)).sort(semverCompare);
}
