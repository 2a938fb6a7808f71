/// <reference lib="webworker" />
// Static imports: service workers may not use import().
import { LinliDb } from '$lib/db/schema';
import { EMPTY_PROFILE, kitReminders, normalizeProfile } from '$domain/household';
import {
	KIT_REMINDER_KEY,
	KIT_REMINDER_TAG,
	type KitReminderSettings
} from '$lib/household/reminder-tag';

declare const self: ServiceWorkerGlobalScope;

interface PeriodicSyncEvent extends ExtendableEvent {
	readonly tag: string;
}

/**
 * Kit reminders on the phone's own schedule: where the browser supports Periodic Background Sync
 * (an installed app), it wakes the worker about once a day; the worker reads the kit from the
 * device database and, if something expires soon or is missing, shows a notification. No server
 * is involved. The words were saved by the page in the reader's language when they turned
 * reminders on (the worker has no translations of its own).
 */
export function registerKitReminders() {
	self.addEventListener('periodicsync', (event) => {
		const periodic = event as PeriodicSyncEvent;
		if (periodic.tag !== KIT_REMINDER_TAG) return;
		periodic.waitUntil(remind());
	});
	self.addEventListener('notificationclick', (event) => {
		if (event.notification.tag !== KIT_REMINDER_TAG) return;
		event.notification.close();
		event.waitUntil(self.clients.openWindow('/household/kit'));
	});
}

async function remind() {
	const db = new LinliDb();
	try {
		const [settings, profile, kit] = await Promise.all([
			db.kv.get(KIT_REMINDER_KEY),
			db.household.get('profile'),
			db.kit.orderBy('addedAt').toArray()
		]);
		const words = settings?.value as KitReminderSettings | undefined;
		if (!words) return;
		const due = kitReminders(
			kit,
			profile ? normalizeProfile(profile.value) : EMPTY_PROFILE,
			Date.now()
		);
		const expiring = [...due.expired, ...due.soon].map((item) => item.text);
		const missing = due.missing.map((item) => item.text);
		if (!expiring.length && !missing.length) return;
		const lines = [
			expiring.length ? `${words.expiring}: ${expiring.slice(0, 3).join(', ')}` : '',
			missing.length ? `${words.missing}: ${missing.slice(0, 3).join(', ')}` : ''
		].filter(Boolean);
		await self.registration.showNotification(words.title, {
			body: lines.join('\n'),
			tag: KIT_REMINDER_TAG,
			icon: '/icons/icon-192.png',
			data: { url: '/household/kit' }
		});
	} finally {
		db.close();
	}
}
