/**
 * A small list of the most common passwords (and local favourites): a new password must not be
 * one of them. Long passphrases of the reader's own are better than any rule.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
	`000000 111111 112233 121212 123123 123456 1234567 12345678 123456789 1234567890 123456789012 12345678910 123qweasdzxc 1314520 147258369 1q2w3e4r 1q2w3e4r5t6y 1qaz2wsx 1qaz2wsx3edc 5201314 654321 666666 888888 987654321 aaaaaaaaaaaa abc123 abcabcabcabc abcdef abcdefghijkl admin admin123 administrator aini1314 android asdfghjkl asdfghjkl123 baseball batman beijing changeme changeme123 china123 community community123 computer default dragon football freedom guest hello hello123 hongkong iloveyou iloveyou123 iloveyou1314 internet iphone letmein letmein123 li123456 linli linli123 linlilinli login master mima123456 monkey mypassword neighbor neighbour organiser organizer p@ssw0rd p@ssword pa55word passw0rd passw0rd123 password password1 password12 password123 password1234 password2024 password2025 password2026 passwordpassword princess q1w2e3r4t5y6 qwerty qwerty123 qwerty123456 qwertyqwerty qwertyuiop qwertyuiopas samsung secret secret123 shadow shanghai spring2026 starwars summer2024 sunshine superman taiwan test test123 testing123 testtest trustno1 volunteer volunteer123 wang123456 welcome welcome123 welcome2024 welcome2025 welcome2026 whatever winter2025 woaini woaini1314 wodemima yourpassword zaq12wsx zaq1zaq1 zhang123 zxcvbnm`.split(
		' '
	)
);
