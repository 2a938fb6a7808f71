import type { LinliDb } from './schema';

let instance: Promise<LinliDb> | undefined;

/**
 * The device database. Its code (Dexie, about 30 KB gzipped) loads on first use, so pages paint
 * and become interactive before it arrives; the service worker precaches it for offline use.
 */
export function database(): Promise<LinliDb> {
	instance ??= import('./schema').then(({ LinliDb }) => new LinliDb());
	return instance;
}

/** Whether this page has opened the device database (without opening it). */
export function databaseOpened(): boolean {
	return instance !== undefined;
}

/** Tests put their own database (fake-indexeddb) in place through this. */
export function useDatabase(db: LinliDb) {
	instance = Promise.resolve(db);
}
