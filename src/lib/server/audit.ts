import type { Kysely } from 'kysely';
import type { DB } from './db/database';

/** Notes who did what, by id; never names, contacts or other personal data. */
export async function audit(
	db: Kysely<DB>,
	actor: string,
	action: string,
	detail?: Record<string, string | number>
) {
	await db
		.insertInto('audit_log')
		.values({ at: Date.now(), actor, action, detail: detail ? JSON.stringify(detail) : null })
		.execute();
}
