/** Every page a resident can reach without signing in, for the accessibility and layout sweeps. */
export const RESIDENT_PAGES = [
	'/',
	'/lessons',
	'/lessons/hygiene',
	'/lessons/hygiene/masks',
	'/lessons/first-response/calling-for-help',
	'/lessons/home-preparedness/checklist/grab-bag',
	'/lessons/catalogue',
	'/events',
	'/news',
	'/contacts',
	'/volunteer',
	'/volunteer/register',
	'/volunteer/privacy',
	'/volunteer/hours',
	'/volunteer/my-data',
	'/household',
	'/household/kit',
	'/household/plan',
	'/n/NOSUCHCD',
	'/sync',
	'/settings',
	'/staff/sign-in',
	'/verify/not-a-real-certificate-token-0123456789',
	'/no-such-page'
];

export const LOCALES = [
	['en', 'en-GB'],
	['zh-Hant', 'zh-TW'],
	['zh-Hans', 'zh-CN']
] as const;
