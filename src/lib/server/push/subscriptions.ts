/**
 * Push subscriptions: one per device, following some topics, in the phone's language. Stored by
 * the device itself (POST/DELETE /api/push/subscription); dropped with the device, or when the
 * push service answers 404/410.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/database';
import type { PushSubscriptionRequest } from '../../shared/push';

export interface StoredSubscription {
	clientId: string;
	endpoint: string;
	p256dh: string;
	auth: string;
	lang: string;
}

/** Saves the device's subscription and its topics (replacing what it had). */
export async function saveSubscription(
	db: Kysely<DB>,
	clientId: string,
	request: PushSubscriptionRequest,
	now = Date.now()
) {
	const { endpoint, keys } = request.subscription;
	await db.transaction().execute(async (trx) => {
		// An endpoint belongs to one browser: if another device row held it, that row is stale.
		await trx
			.deleteFrom('push_subscriptions')
			.where('endpoint', '=', endpoint)
			.where('client_id', '!=', clientId)
			.execute();
		await trx
			.insertInto('push_subscriptions')
			.values({
				client_id: clientId,
				endpoint,
				p256dh: keys.p256dh,
				auth: keys.auth,
				lang: request.lang,
				created_at: now,
				updated_at: now
			})
			.onConflict((oc) =>
				oc.column('client_id').doUpdateSet({
					endpoint,
					p256dh: keys.p256dh,
					auth: keys.auth,
					lang: request.lang,
					updated_at: now
				})
			)
			.execute();
		await trx.deleteFrom('push_topics').where('client_id', '=', clientId).execute();
		if (request.topics.length) {
			await trx
				.insertInto('push_topics')
				.values(request.topics.map((topic) => ({ client_id: clientId, topic })))
				.execute();
		}
	});
}

/** Removes the device's subscription; true if it had one. */
export async function deleteSubscription(db: Kysely<DB>, clientId: string): Promise<boolean> {
	const result = await db
		.deleteFrom('push_subscriptions')
		.where('client_id', '=', clientId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/** Drops a subscription the push service no longer knows (it answered 404 or 410). */
export async function dropEndpoint(db: Kysely<DB>, clientId: string, endpoint: string) {
	await db
		.deleteFrom('push_subscriptions')
		.where('client_id', '=', clientId)
		.where('endpoint', '=', endpoint)
		.execute();
}

/**
 * The subscriptions that follow a topic, of devices not removed by their owner. An event's topics
 * are not stored per phone but read from its sign-ups, so they always match them (a phone that
 * turns notifications on after signing up is included; a cancelled sign-up is not):
 * - `e:<event>`: every phone of every resident with a sign-up for the event that stands;
 * - `s:<sign-up>`: every phone of that sign-up's resident, while it stands.
 * Any other topic: the phones that follow it (push_topics).
 */
export async function subscriptionsOf(
	db: Kysely<DB>,
	topic: string,
	only?: readonly string[],
	/** One page, in client id order: those after `after`, at most `limit`. */
	page?: { after?: string; limit: number }
): Promise<StoredSubscription[]> {
	let query = db
		.selectFrom('push_subscriptions as s')
		.innerJoin('clients as c', 'c.id', 's.client_id')
		.select(['s.client_id as clientId', 's.endpoint', 's.p256dh', 's.auth', 's.lang'])
		.where('c.removed_at', 'is', null);
	const standing = db
		.selectFrom('event_signups')
		.select('resident_id')
		.where('status', '!=', 'cancelled');
	if (topic.startsWith('e:'))
		query = query.where('c.resident_id', 'in', standing.where('event_id', '=', topic.slice(2)));
	else if (topic.startsWith('s:'))
		query = query.where('c.resident_id', 'in', standing.where('id', '=', topic.slice(2)));
	else
		query = query.where(
			's.client_id',
			'in',
			db.selectFrom('push_topics').select('client_id').where('topic', '=', topic)
		);
	if (only) {
		if (only.length === 0) return [];
		query = query.where('s.client_id', 'in', [...only]);
	}
	if (page?.after !== undefined) query = query.where('s.client_id', '>', page.after);
	if (page) query = query.limit(page.limit);
	return query.orderBy('s.client_id').execute();
}

/** The topics a device's subscription follows (empty without one). */
export async function topicsOf(db: Kysely<DB>, clientId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('push_topics')
		.select('topic')
		.where('client_id', '=', clientId)
		.orderBy('topic')
		.execute();
	return rows.map((r) => r.topic);
}
