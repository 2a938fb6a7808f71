/**
 * `linli db migrate`: brings the database named by DATA_DIR or DATABASE_URL up to date, without
 * starting a server. Upgrades are stop every server process, migrate, start the new version: a
 * process of the old version refuses to start on the migrated database (DatabaseTooNewError).
 */
import { loadConfig } from '../lib/server/config';
import { openDatabase } from '../lib/server/db/connect';
import { DatabaseTooNewError, migrate } from '../lib/server/db/migrate';
import { UsageError } from './pack';

export async function dbCommand(command: string | undefined): Promise<number> {
	if (command !== 'migrate') throw new UsageError('usage: linli db migrate');
	const config = loadConfig();
	const database = await openDatabase(config);
	try {
		const applied = await migrate(database);
		const where = config.databaseUrl ? 'PostgreSQL' : config.sqlitePath;
		console.log(
			applied.length
				? `Applied ${applied.join(', ')} (${where}).`
				: `The database is up to date (${where}).`
		);
		return 0;
	} catch (error) {
		if (error instanceof DatabaseTooNewError) {
			console.error(error.message);
			return 1;
		}
		throw error;
	} finally {
		await database.close();
	}
}
