/** Builders for volunteer tests: devices that push real mutations, and sample registrations. */
import { randomUUID } from 'node:crypto';
import { CONSENT_VERSION, type VolunteerProfile } from '../../../src/lib/shared/volunteer';
import type { Database } from '../../../src/lib/server/db/connect';
import { registerDevice } from '../../../src/lib/server/sync/devices';
import { applyPush } from '../../../src/lib/server/sync/push';
import { pullChanges } from '../../../src/lib/server/sync/pull';
import type { SyncRegistry } from '../../../src/lib/server/sync/types';
import type { Role } from '../../../src/lib/server/roles';

export function profile(overrides: Partial<VolunteerProfile> = {}): VolunteerProfile {
	return {
		id: randomUUID(),
		name: 'Chan Tai Man',
		phone: '+852 9123 4567',
		email: 'taiman@example.org',
		building: 'Block 3',
		unit: '12F',
		skills: ['firstAid', 'delivery'],
		firstAidCertified: true,
		hasCar: false,
		skillsOther: '',
		languages: ['yue', 'en'],
		availability: ['sat-morning', 'sun-afternoon'],
		maxHoursPerWeek: 4,
		notes: '',
		consentVersion: CONSENT_VERSION,
		consentAt: 1_700_000_000_000,
		...overrides
	};
}

/** A resident's phone talking to the real server code (push and pull). */
export class Phone {
	seq = 0;
	cursor = 0;
	/** The staff member signed in on this phone (an organizer's phone at the door), if any. */
	staff?: { userId: string; roles: Role[] };
	constructor(
		readonly database: Database,
		readonly registry: SyncRegistry,
		readonly clientId: string,
		readonly residentId: string
	) {}

	static async register(database: Database, registry: SyncRegistry) {
		const clientId = randomUUID();
		const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
		const { residentId } = await registerDevice(database.db, {
			schemaVersion: 1,
			clientId,
			secret
		});
		return new Phone(database, registry, clientId, residentId);
	}

	async send(type: string, payload: unknown, now = Date.now()) {
		const response = await applyPush(
			this.database,
			this.registry,
			{
				residentId: this.residentId,
				clientId: this.clientId,
				roles: this.staff?.roles ?? [],
				...(this.staff ? { userId: this.staff.userId } : {})
			},
			[{ seq: ++this.seq, type, payload, createdAt: now }],
			now
		);
		return response.results[0]!;
	}

	/** Everything new for this phone: collection → id → data ("deleted" for tombstones). */
	async pull() {
		const seen = new Map<string, unknown>();
		for (;;) {
			const page = await pullChanges(
				this.database,
				this.registry,
				this.residentId,
				this.cursor,
				undefined,
				Date.now(),
				this.clientId
			);
			for (const change of page.changes)
				seen.set(`${change.collection}/${change.id}`, change.deleted ? 'deleted' : change.data);
			this.cursor = page.cursor;
			if (!page.more) return seen;
		}
	}
}

/** A device written as the schema before migration 0007 held it (registerDevice writes later tables). */
export async function oldDevice(database: Database) {
	const clientId = randomUUID();
	const residentId = randomUUID();
	const now = Date.now();
	const db = database.db as unknown as import('kysely').Kysely<
		Record<string, Record<string, unknown>>
	>;
	await db.insertInto('residents').values({ id: residentId, created_at: now }).execute();
	await db
		.insertInto('clients')
		.values({
			id: clientId,
			resident_id: residentId,
			secret_hash: 'x',
			created_at: now,
			last_seen_at: now,
			last_seq: 0,
			acked_seq: 0
		})
		.execute();
	return { clientId, residentId };
}
