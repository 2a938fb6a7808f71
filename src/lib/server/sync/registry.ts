import { ANNOUNCEMENT_COLLECTIONS } from '../announcements/store';
import { EVENT_COLLECTIONS } from '../events/collections';
import { EVENT_MUTATIONS } from '../events/mutations';
import { VOLUNTEER_COLLECTIONS } from '../volunteers/collections';
import { VOLUNTEER_MUTATIONS } from '../volunteers/mutations';
import * as v from 'valibot';
import { createRegistry, type MutationHandler, type SyncRegistry } from './types';

/**
 * A change withdrawn on the device before it was sent (its content erased, e.g. a registration
 * followed by "delete my data"): it keeps its place in the sequence and does nothing.
 */
export const noop: MutationHandler<Record<string, never>> = {
	type: 'sync.noop',
	payload: v.strictObject({}),
	allow: ['resident'],
	async apply() {}
};

/**
 * The mutation types and collections this server accepts. Tests build their own registries (with
 * a test-only note type); what is not listed here cannot be reached in production.
 */
export function productionRegistry(): SyncRegistry {
	return createRegistry(
		[noop, ...VOLUNTEER_MUTATIONS, ...EVENT_MUTATIONS] as MutationHandler<never>[],
		[...VOLUNTEER_COLLECTIONS, ...ANNOUNCEMENT_COLLECTIONS, ...EVENT_COLLECTIONS]
	);
}
