import { VOLUNTEER_COLLECTIONS } from '../volunteers/collections';
import { VOLUNTEER_MUTATIONS } from '../volunteers/mutations';
import { createRegistry, type MutationHandler, type SyncRegistry } from './types';

/**
 * The mutation types and collections this server accepts. Tests build their own registries (with
 * a test-only note type); what is not listed here cannot be reached in production.
 */
export function productionRegistry(): SyncRegistry {
	return createRegistry(VOLUNTEER_MUTATIONS as MutationHandler<never>[], VOLUNTEER_COLLECTIONS);
}
