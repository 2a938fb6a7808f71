import { randomUUID } from 'node:crypto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { MAX_PUSH_BATCH, MAX_PUSH_BYTES, type PushRequest, type PushResponse } from '$shared/sync';
import { LinliDb } from '$lib/db/schema';
import { commitLocalChange } from './local-change';
import { pushOutbox } from './push';
import { TransportError, type SyncTransport } from './transport';

const credentials = { clientId: randomUUID(), secret: 'x'.repeat(43) };

/** A server that applies everything, refuses bodies over its limit with 413, and records sizes. */
function fakeServer(limit = MAX_PUSH_BYTES) {
	const bodies: number[] = [];
	const seqs: number[] = [];
	const transport = {
		async push(_auth: unknown, body: PushRequest): Promise<PushResponse> {
			const size = new TextEncoder().encode(JSON.stringify(body)).byteLength;
			bodies.push(size);
			if (size > limit) throw new TransportError('http', 'too large', 413, 'too_large');
			seqs.push(...body.mutations.map((m) => m.seq));
			return {
				results: body.mutations.map((m) => ({ status: 'applied' as const, seq: m.seq })),
				lastSeq: body.mutations.at(-1)!.seq,
				serverTime: Date.now()
			};
		}
	} as unknown as SyncTransport;
	return { transport, bodies, seqs };
}

const phone = () =>
	new LinliDb(`push-${randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
const note = (db: LinliDb, id: string, body: string) =>
	commitLocalChange(db, {
		collection: 'notes',
		id,
		data: { id, body },
		mutation: { type: 'note.put', payload: { id, body } }
	});

// A long Chinese profile: about 3.3 KB of UTF-8 per edit, as in the report.
const longChinese = '我們這棟樓的長者需要有人幫忙買菜和陪伴看醫生，'.repeat(46);

describe('sending the outbox in batches that fit', () => {
	it('cuts 100 edits of a long Chinese text into requests under the byte limit, in order', async () => {
		const db = phone();
		for (let i = 0; i < 100; i++) await note(db, 'profile', `${i} ${longChinese}`);
		const server = fakeServer();
		expect(await pushOutbox(db, server.transport, credentials)).toBe(100);
		expect(server.bodies.length).toBeGreaterThan(1);
		for (const size of server.bodies) expect(size).toBeLessThanOrEqual(MAX_PUSH_BYTES);
		expect(server.bodies.reduce((a, b) => a + b, 0)).toBeGreaterThan(MAX_PUSH_BYTES);
		expect(server.seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
		expect(await db.outbox.count()).toBe(0);
		expect(await db.records.get(['notes', 'profile'])).toMatchObject({ state: 'confirmed' });
	});

	it('still cuts by count when the changes are small', async () => {
		const db = phone();
		for (let i = 0; i < MAX_PUSH_BATCH + 5; i++) await note(db, `n${i}`, 'short');
		const server = fakeServer();
		await pushOutbox(db, server.transport, credentials);
		expect(server.bodies).toHaveLength(2);
	});

	it('sets aside a single change too large ever to send, shows it as refused, and sends the rest', async () => {
		const db = phone();
		await note(db, 'before', 'fine');
		await note(db, 'huge', 'x'.repeat(MAX_PUSH_BYTES));
		await note(db, 'after', 'fine too');
		const server = fakeServer();
		expect(await pushOutbox(db, server.transport, credentials)).toBe(3);
		for (const size of server.bodies) expect(size).toBeLessThanOrEqual(MAX_PUSH_BYTES);
		// Its seq went out as a no-op, so the server saw no gap.
		expect(server.seqs).toEqual([1, 2, 3]);
		expect(await db.outbox.count()).toBe(0);
		const issues = await db.syncIssues.toArray();
		expect(issues).toMatchObject([
			{ seq: 2, type: 'note.put', recordKey: 'notes/huge', code: 'too_large', params: { max: 256 } }
		]);
		// Never on the server, so it leaves the screen; the others are confirmed.
		expect(await db.records.get(['notes', 'huge'])).toBeUndefined();
		expect(await db.records.get(['notes', 'after'])).toMatchObject({ state: 'confirmed' });
		// A second run sends nothing again: it is not retried.
		const requests = server.bodies.length;
		expect(await pushOutbox(db, server.transport, credentials)).toBe(0);
		expect(server.bodies).toHaveLength(requests);
	});

	it('answers a server with a smaller limit (413) with smaller batches, down to setting one change aside', async () => {
		const db = phone();
		for (let i = 0; i < 20; i++) await note(db, `n${i}`, `${i} ${longChinese}`);
		await note(db, 'big', 'y'.repeat(40_000));
		await note(db, 'last', 'small');
		const server = fakeServer(30_000);
		expect(await pushOutbox(db, server.transport, credentials)).toBe(22);
		expect(server.seqs).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
		expect((await db.syncIssues.toArray()).map((i) => i.recordKey)).toEqual(['notes/big']);
		expect(await db.outbox.count()).toBe(0);
	});
});
