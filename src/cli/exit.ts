/** The linli command's exit codes (documented in `linli help` and docs/pack-format.md §9). */
export const EXIT = {
	/** Done: checked clean, built, signed, verified and signed, accepted. */
	ok: 0,
	/** Problems found: a pack with errors, a file refused by verification or by the server. */
	problems: 1,
	/** Wrong usage: bad arguments, a missing or unreadable file or key, a file in the way. */
	usage: 2,
	/** `pack verify`: the file is intact and valid, but nobody signed it. */
	unsigned: 3,
	/** `pack publish`: the server could not be reached, does not take packs, or failed. */
	server: 4,
	/** `pack publish`: the server did not accept the token. */
	unauthorized: 5
} as const;
