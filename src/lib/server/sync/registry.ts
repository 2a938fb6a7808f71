import { createRegistry, type SyncRegistry } from './types';

/**
 * The mutation types and collections this server accepts. Tests build their own registries (with
 * a test-only note type); what is not listed here cannot be reached in production.
 */
export function productionRegistry(): SyncRegistry {
	return createRegistry([], []);
}
