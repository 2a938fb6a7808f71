import { openDatabase } from '../../src/lib/server/db/connect';
import { migrate } from '../../src/lib/server/db/migrate';
import { subscriptionsOf } from '../../src/lib/server/push/subscriptions';
import { seedSubscriptions } from './push';
import { rmSync, mkdirSync } from 'node:fs';
import { sql } from 'kysely';
rmSync('/tmp/tq', { recursive: true, force: true }); mkdirSync('/tmp/tq');
const db = await openDatabase({ sqlitePath: '/tmp/tq/x.sqlite' });
await migrate(db);
await seedSubscriptions(db, 'https://127.0.0.1:1', 'n:x', 5000);
for (let i = 0; i < 3; i++) { const t = performance.now(); const r = await subscriptionsOf(db.db, 'n:x', undefined, { limit: 500 }); console.log('page', r.length, (performance.now() - t).toFixed(1)); }
const q = db.db.selectFrom('push_subscriptions as s').innerJoin('clients as c', 'c.id', 's.client_id').select(['s.client_id']).where('c.removed_at', 'is', null).where('s.client_id', 'in', db.db.selectFrom('push_topics').select('client_id').where('topic', '=', 'n:x')).orderBy('s.client_id').limit(500).compile();
const plan = await sql.raw(`EXPLAIN QUERY PLAN ${q.sql}`).execute(db.db).catch(e => e);
console.log(q.sql);
const rows = (db as any).sqlite ?? null;
await db.close();
