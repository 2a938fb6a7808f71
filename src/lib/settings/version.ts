/**
 * The app's version as a person reads it: the release (package.json) and when this build was made
 * (Kit's version name is a millisecond timestamp unless the build was given an id).
 */
export type AppVersion =
	| { release: string; builtAt: number; build?: undefined }
	| { release: string; build: string; builtAt?: undefined };

export function appVersion(release: string, buildName: string): AppVersion {
	// 12–14 digits: a Date.now() between 2001 and 5138, not an id someone chose.
	if (/^\d{12,14}$/.test(buildName)) return { release, builtAt: Number(buildName) };
	return { release, build: buildName };
}
