// npm run bench: every budget — the client (sizes, search, Lighthouse), pack files, the volunteer
// roster, the sync server under load and a client draining its outbox. npm run bench:server: the last two only.
//   npm run bench -- --no-lighthouse   skips Lighthouse (it downloads lighthouse@12.8.2 with npx)
import { spawnSync } from 'node:child_process';
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

if (process.argv.includes('--build')) {
	const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (built.status !== 0) process.exit(built.status ?? 1);
}
let ok = true;
ok = (await benchClient({ withLighthouse: !process.argv.includes('--no-lighthouse') })) && ok;
ok = (await benchPackFile()) && ok;
ok = (await benchRoster()) && ok;
ok = (await benchServer()) && ok;
ok = (await benchDrain()) && ok;
ok = (await benchPush()) && ok;
ok = (await benchPushLoad()) && ok;
ok = (await benchEvents()) && ok;
ok = (await benchEventRate()) && ok;
ok = (await benchEventList()) && ok;
ok = (await benchNeighbourhoodJoin()) && ok;
ok = (await benchTickets()) && ok;
ok = (await benchSyncedStart()) && ok;
console.log(ok ? '\nAll budgets met.' : '\nSome budgets were missed (FAIL above).');
process.exit(ok ? 0 : 1);
