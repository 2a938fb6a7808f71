/** Every page a resident can reach without signing in, for the accessibility and layout sweeps. */
export const RESIDENT_PAGES = [
	'/',
	'/lessons',
	'/lessons/hygiene',
	'/lessons/hygiene/masks',
	'/lessons/first-response/calling-for-help',
	'/lessons/home-preparedness/checklist/grab-bag',
	'/events',
	'/volunteer',
	'/settings',
	'/no-such-page'
];

export const LOCALES = [
	['en', 'en-GB'],
	['zh-Hant', 'zh-TW'],
	['zh-Hans', 'zh-CN']
] as const;
