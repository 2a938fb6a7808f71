import { LinliDb } from './schema';

let instance: LinliDb | undefined;

/** The device database, opened on first use (browser and service worker only). */
export function db(): LinliDb {
	instance ??= new LinliDb();
	return instance;
}

/** Tests swap in their own database (fake-indexeddb) through this. */
export function useDb(database: LinliDb) {
	instance = database;
}
