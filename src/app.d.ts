// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Prefs } from '$lib/settings/request-prefs';
import type { StaffUser } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** A translation key (errors namespace) for the message, when there is one. */
			code?: string;
		}
		interface Locals {
			prefs: Prefs;
			/** The signed-in staff member (admin, organizer, publisher), if any. */
			user: StaffUser | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
