/** A phone for the sync tests: its own IndexedDB, the real engine and HTTP transport, no sockets. */
import { randomUUID } from 'node:crypto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { LinliDb } from '../../../src/lib/db/schema';
import { SyncEngine } from '../../../src/lib/sync/engine';
import { commitLocalChange } from '../../../src/lib/sync/local-change';
import { HttpTransport } from '../../../src/lib/sync/transport';
import type { ServerContext } from '../../../src/lib/server/context';
import { serveRequest } from './server';

/** `server` is read at each request, so a test can swap the server under the phone. */
export function testPhone(server: () => ServerContext) {
	const name = randomUUID();
	const transport = new HttpTransport('http://linli.test', 5_000, async (input, init) =>
		serveRequest(server(), new Request(input as string, init))
	);
	const db = new LinliDb(`linli-${name}`, { indexedDB: new IDBFactory(), IDBKeyRange });
	const engine = new SyncEngine({ database: async () => db, transport, lockName: name });
	/** A note (the test-only record type) saved on the phone, waiting to be sent. */
	const note = (id: string, body: string) =>
		commitLocalChange(db, {
			collection: 'notes',
			id,
			data: { id, body },
			mutation: { type: 'note.put', payload: { id, body } }
		});
	return { db, transport, engine, note };
}
