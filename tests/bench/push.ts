// Web Push (issue 10): an urgent notification to 5,000 subscriptions, delivered to a local push
// service (HTTPS on loopback), in ≤ 30 s: enqueued as one job, fanned out by the push worker with
// its concurrency limit, each payload encrypted for its subscription (RFC 8291). SQLite and
// PostgreSQL.
import { randomUUID } from 'node:crypto';
import { migrate } from '../../src/lib/server/db/migrate';
import { loadConfig } from '../../src/lib/server/config';
import { notifyTopic, PUSH_JOB, pushWorker } from '../../src/lib/server/push/notify';
import { startSink } from '../support/push-sink';
import { seedSubscriptions } from '../support/push-subscriptions';
import { report, save, type Row } from './lib';
import { onEachDatabase, type BenchDatabase } from './setup';

const COUNT = 5_000;
const BUDGET_S = 30;

async function one(target: BenchDatabase, rows: Row[]) {
	const database = await target.open();
	const sink = await startSink();
	try {
		await migrate(database);
		await seedSubscriptions(database, sink.origin, 'n:bench', COUNT);
		const config = loadConfig({ DATA_DIR: '/tmp/linli-bench-unused' });
		const worker = pushWorker(database, config, { ca: sink.certificate.cert });
		const started = performance.now();
		await notifyTopic(
			database,
			'n:bench',
			{
				title: { en: 'Lift out of service', 'zh-Hant': '電梯暫停使用', 'zh-Hans': '电梯暂停使用' },
				body: { en: 'Block 7, until 6 pm.', 'zh-Hant': '第七座，到晚上六點。' },
				url: '/announcements/bench',
				urgency: 'high'
			},
			{ dedupeKey: `bench:${randomUUID()}` }
		);
		await worker.drain(PUSH_JOB);
		const seconds = (performance.now() - started) / 1000;
		const delivered = new Set(sink.received.map((r) => r.path)).size;
		rows.push({
			name: `${target.name}: ${COUNT} subscriptions delivered to a local sink`,
			value: `${seconds.toFixed(1)} s`,
			budget: `${BUDGET_S} s, all delivered once`,
			pass: seconds <= BUDGET_S && delivered === COUNT && sink.received.length === COUNT
		});
		rows.push({ name: `${target.name}: delivered`, value: `${delivered} / ${COUNT}` });
		return { seconds, delivered, requests: sink.received.length };
	} finally {
		await sink.close();
		await database.close();
	}
}

export async function benchPush(): Promise<boolean> {
	const rows: Row[] = [];
	save('push', await onEachDatabase(4330, (target) => one(target, rows)));
	return report(`Web Push, an urgent notification to ${COUNT} subscriptions (issue 10)`, rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	process.exit((await benchPush()) ? 0 : 1);
}
