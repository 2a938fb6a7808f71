/** Shared by the pages and the service worker: the periodic sync tag and its settings row. */
export const KIT_REMINDER_TAG = 'linli-kit-reminder';
/** The kv row saved when the resident turns reminders on: the notification's words. */
export const KIT_REMINDER_KEY = 'kitReminders';

export interface KitReminderSettings {
	title: string;
	expiring: string;
	missing: string;
}
