// One benchmark of npm run bench, in a process of its own (./index.ts runs each so):
//   npx tsx tests/bench/one.ts <name> [--no-lighthouse]   (after npm run build)
// Exits 1 when a budget is missed.
import { benchClient } from './client';
import { benchDrain } from './drain';
import { benchEvents } from './events';
import { benchEventList } from './event-list';
import { benchEventRate } from './event-rate';
import { benchNeighbourhoodJoin } from './neighbourhood-join';
import { benchPackFile } from './packfile';
import { benchPush } from './push';
import { benchPushLoad } from './push-load';
import { benchRoster } from './roster';
import { benchServer } from './server';
import { benchTickets } from './tickets';
import { benchSyncedStart } from './synced-start';

/** Every benchmark, in the order npm run bench runs them. */
export const BENCHMARKS: Record<string, () => Promise<boolean>> = {
	client: () => benchClient({ withLighthouse: !process.argv.includes('--no-lighthouse') }),
	packfile: benchPackFile,
	roster: benchRoster,
	server: benchServer,
	drain: benchDrain,
	push: benchPush,
	'push-load': benchPushLoad,
	events: benchEvents,
	'event-rate': benchEventRate,
	'event-list': benchEventList,
	'neighbourhood-join': benchNeighbourhoodJoin,
	tickets: benchTickets,
	'synced-start': benchSyncedStart
};

const name = process.argv[2];
if (name && import.meta.url === `file://${process.argv[1]}`) {
	const bench = BENCHMARKS[name];
	if (!bench) {
		console.error(`No benchmark named ${name}; there are: ${Object.keys(BENCHMARKS).join(', ')}`);
		process.exit(2);
	}
	process.exit((await bench()) ? 0 : 1);
}
