/// <reference lib="webworker" />
import * as v from 'valibot';
import { keyBytes, PUSH_STATE_KEY, PushPayload, type PushState } from '$lib/shared/push';
import type { LinliDb } from '$lib/db/schema';
import { getMeta } from '$lib/sync/meta';
import { authorization } from '$lib/sync/transport';
import { chooseWindow } from '$lib/push/target';

declare const self: ServiceWorkerGlobalScope;

/**
 * Web Push: a push shows its notification (in the phone's language: the server chose the words
 * for this subscription) and starts a sync, so what it announces is on the phone and readable
 * offline by the time it is tapped. A tap opens or focuses the page in the notification's data.
 */
export function registerPush(syncNow: () => Promise<unknown>, database: () => Promise<LinliDb>) {
	self.addEventListener('push', (event) => {
		let parsed: PushPayload | undefined;
		try {
			const result = v.safeParse(PushPayload, event.data?.json());
			if (result.success) parsed = result.output;
		} catch {
			// Not JSON: still show something (browsers require a notification for every push).
		}
		const payload = parsed ?? { v: 1, title: 'Linli', body: '', url: '/', sync: true };
		const shown = self.registration.showNotification(payload.title, {
			body: payload.body,
			data: { url: payload.url },
			icon: '/icons/icon-192.png',
			badge: '/icons/icon-192.png',
			...(payload.tag ? { tag: payload.tag } : {})
		});
		const synced = payload.sync ? syncNow().catch(() => undefined) : Promise.resolve();
		event.waitUntil(Promise.all([shown, synced]));
	});

	self.addEventListener('notificationclick', (event) => {
		event.notification.close();
		event.waitUntil(
			(async () => {
				const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
				const choice = chooseWindow(
					windows.map((w) => ({ url: w.url, focused: w.focused })),
					event.notification.data,
					self.location.origin
				);
				if (choice.action === 'open') {
					await self.clients.openWindow(choice.url);
					return;
				}
				const target = windows[choice.index];
				if (!target) return;
				await target.focus();
				if (choice.action === 'navigate') await target.navigate(choice.url);
			})()
		);
	});

	// The browser replaced or dropped the subscription (keys rotated, expiry): subscribe again
	// with the server's key and tell the server, with the topics and language the phone chose.
	self.addEventListener('pushsubscriptionchange', (event) => {
		(event as ExtendableEvent).waitUntil(resubscribe(database).catch(() => undefined));
	});
}

/** Subscribes again and tells the server; nothing when push was never turned on here. */
export async function resubscribe(database: () => Promise<LinliDb>) {
	const db = await database();
	const state = (await db.kv.get(PUSH_STATE_KEY))?.value as PushState | undefined;
	const credentials = await getMeta(db, 'credentials');
	if (!state?.topics.length || !credentials) return;
	const { publicKey } = (await (await fetch('/api/push/key')).json()) as { publicKey: string };
	const subscription =
		(await self.registration.pushManager.getSubscription()) ??
		(await self.registration.pushManager.subscribe({
			userVisibleOnly: true,
			applicationServerKey: keyBytes(publicKey)
		}));
	const json = subscription.toJSON();
	await fetch('/api/push/subscription', {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: authorization(credentials) },
		body: JSON.stringify({
			subscription: { endpoint: json.endpoint, keys: json.keys },
			lang: state.lang,
			topics: state.topics
		})
	});
}
