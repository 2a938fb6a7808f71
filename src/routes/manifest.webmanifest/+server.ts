import { fixedT } from '$lib/i18n/instance';
import { PACK_FILE_EXTENSION, PACK_FILE_MEDIA_TYPE } from '$lib/packfile/format';
import { PACK_OPEN_URL, PACK_SHARE_URL } from '$lib/packs/open-file';
import type { RequestHandler } from './$types';

/**
 * The web app manifest, in the reader's language: the name under the icon on their home screen
 * reads 鄰里, 邻里 or Linli.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const { lang } = locals.prefs;
	const t = await fixedT(lang);
	const manifest = {
		id: '/',
		name: t('common:app.fullName'),
		short_name: t('common:app.name'),
		description: t('home:intro'),
		lang,
		dir: 'ltr',
		start_url: '/?source=pwa',
		scope: '/',
		display: 'standalone',
		orientation: 'any',
		background_color: '#f7f5f0',
		theme_color: '#0f6b63',
		categories: ['education', 'lifestyle', 'social'],
		// The family plan opens in one tap from the home screen, offline too (the app shell).
		shortcuts: [
			{
				name: t('household:plan.title'),
				short_name: t('household:plan.title'),
				url: '/household/plan?source=shortcut',
				icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }]
			}
		],
		// A .linlipack opens in the catalogue's "Open a pack file" (installed app, where supported):
		// from the file manager (launchQueue) or from another app's share sheet (POST to the worker).
		file_handlers: [
			{ action: PACK_OPEN_URL, accept: { [PACK_FILE_MEDIA_TYPE]: [PACK_FILE_EXTENSION] } }
		],
		share_target: {
			action: PACK_SHARE_URL,
			method: 'POST',
			enctype: 'multipart/form-data',
			params: {
				files: [{ name: 'pack', accept: [PACK_FILE_MEDIA_TYPE, PACK_FILE_EXTENSION] }]
			}
		},
		icons: [
			{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
			{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
			{ src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
			{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
			{ src: '/icons/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }
		]
	};
	return new Response(JSON.stringify(manifest), {
		headers: {
			'content-type': 'application/manifest+json; charset=utf-8',
			'cache-control': 'no-cache',
			vary: 'Cookie, Accept-Language'
		}
	});
};
