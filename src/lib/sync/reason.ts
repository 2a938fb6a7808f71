import type { I18n } from '$lib/i18n/i18n.svelte';

export interface Refusal {
	code: string;
	params?: Record<string, string | number>;
}

/**
 * Why the server refused a change, in the reader's words. Parameters named `…At` are times (epoch
 * milliseconds) and are shown as local dates; a refused check-in says when check-in is open.
 */
export function refusalReason(i18n: I18n, refusal: Refusal): string {
	const params: Record<string, string | number> = {};
	for (const [key, value] of Object.entries(refusal.params ?? {})) {
		params[key] =
			typeof value === 'number' && key.endsWith('At')
				? i18n.date(value, { dateStyle: 'medium', timeStyle: 'short' })
				: value;
	}
	if (refusal.code === 'time_outside_task' && params.opensAt && params.closesAt) {
		return i18n.t('sync:rejected.time_outside_window', params);
	}
	// A feature's own refusals live in its namespace (events:rejected.event_…).
	if (refusal.code.startsWith('event_'))
		return i18n.t(`events:rejected.${refusal.code}`, {
			...params,
			defaultValue: i18n.t('sync:rejected.rejected')
		});
	return i18n.t(`sync:rejected.${refusal.code}`, {
		path: '',
		...params,
		defaultValue: i18n.t('sync:rejected.rejected')
	});
}
