// The sync client (issue 4): 10,000 changes saved on the device with bulk writes, then the outbox
// drained to a real server on loopback (≤ 10 s). The real client modules, on fake-indexeddb in
// Node (a browser's IndexedDB is faster), and the HTTP transport the app uses.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { LinliDb } from '../../src/lib/db/schema';
import { commitLocalChanges, type LocalChange } from '../../src/lib/sync/local-change';
import { SyncEngine } from '../../src/lib/sync/engine';
import { HttpTransport } from '../../src/lib/sync/transport';
import { CONSENT_VERSION } from '../../src/lib/shared/volunteer';
import { report, save, startApp, type Row } from './lib';
import { sqliteBench } from './setup';

const CHANGES = 10_000;

export async function benchDrain(): Promise<boolean> {
	const rows: Row[] = [];
	const target = sqliteBench();
	const port = 4330;
	const stop = await startApp(port, {
		...target.env,
		LINLI_RATE_CLIENT_PER_MINUTE: '1000000',
		LINLI_RATE_IP_PER_MINUTE: '1000000'
	});
	try {
		const db = new LinliDb('linli', { indexedDB: new IDBFactory(), IDBKeyRange });
		const engine = new SyncEngine({
			database: async () => db,
			transport: new HttpTransport(`http://127.0.0.1:${port}`, 30_000)
		});
		const first = await engine.sync(); // registers the device
		if (!first.ok) throw new Error(`first sync failed: ${first.problem}`);

		// One volunteer registration, then sign-ups and check-ins would need tasks: use edits of the
		// registration, the heaviest common change (an upsert, its search facets, two change rows).
		const id = crypto.randomUUID();
		const changes: LocalChange[] = Array.from({ length: CHANGES }, (_, i) => {
			const profile = {
				id,
				name: `Drain ${i}`,
				phone: '+852 9123 4567',
				email: '',
				building: '',
				unit: '',
				skills: ['delivery'],
				firstAidCertified: false,
				hasCar: false,
				skillsOther: '',
				languages: ['yue'],
				availability: ['sun-evening'],
				maxHoursPerWeek: 2,
				notes: '',
				consentVersion: CONSENT_VERSION,
				consentAt: 1
			};
			return {
				collection: 'volunteer',
				id,
				data: profile,
				mutation: { type: 'volunteer.save', payload: profile }
			};
		});
		let t = performance.now();
		await commitLocalChanges(db, changes);
		const writeMs = performance.now() - t;
		rows.push({
			name: `save ${CHANGES} changes on the device (one transaction, bulk writes)`,
			value: `${(writeMs / 1000).toFixed(2)} s`
		});
		if ((await db.outbox.count()) !== CHANGES)
			throw new Error('not every change reached the outbox');

		t = performance.now();
		const result = await engine.sync();
		const drainMs = performance.now() - t;
		const left = await db.outbox.count();
		rows.push({
			name: `drain ${CHANGES} queued changes to the server (100 per push)`,
			value: `${(drainMs / 1000).toFixed(2)} s`,
			budget: '10 s',
			pass: result.ok && left === 0 && drainMs <= 10_000
		});
		save('drain', { changes: CHANGES, writeMs, drainMs, left });
		db.close();
	} finally {
		await stop();
		await target.drop();
	}
	return report('Sync client, loopback (issue 4)', rows);
}
