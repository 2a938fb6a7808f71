// Many push subscriptions at once, straight in the database (the bench and the paging test).
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../../src/lib/server/db/connect';

/**
 * `count` phones subscribed to `topic`, each with its own keys and an endpoint at `origin`
 * (`/s/<n>`), in the three languages in turn: resident, device, subscription and topic rows.
 */
export async function seedSubscriptions(
	database: Database,
	origin: string,
	topic: string,
	count: number
) {
	const now = Date.now();
	const langs = ['en', 'zh-Hant', 'zh-Hans'];
	for (let start = 0; start < count; start += 500) {
		const batch = Array.from({ length: Math.min(500, count - start) }, (_, i) => {
			const key = createECDH('prime256v1');
			return {
				n: start + i,
				client: randomUUID(),
				resident: randomUUID(),
				p256dh: key.generateKeys().toString('base64url'),
				auth: randomBytes(16).toString('base64url')
			};
		});
		await database.db.transaction().execute(async (trx) => {
			await trx
				.insertInto('residents')
				.values(batch.map((b) => ({ id: b.resident, created_at: now })))
				.execute();
			await trx
				.insertInto('clients')
				.values(
					batch.map((b) => ({
						id: b.client,
						resident_id: b.resident,
						secret_hash: 'x',
						created_at: now,
						last_seen_at: now,
						last_seq: 0,
						acked_seq: 0,
						removed_at: null
					}))
				)
				.execute();
			await trx
				.insertInto('push_subscriptions')
				.values(
					batch.map((b) => ({
						client_id: b.client,
						endpoint: `${origin}/s/${b.n}`,
						p256dh: b.p256dh,
						auth: b.auth,
						lang: langs[b.n % 3]!,
						created_at: now,
						updated_at: now
					}))
				)
				.execute();
			await trx
				.insertInto('push_topics')
				.values(batch.map((b) => ({ client_id: b.client, topic })))
				.execute();
		});
	}
}
