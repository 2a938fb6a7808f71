// npm run bench:client: the client budgets alone (sizes, home page weight, Lighthouse on four
// pages, the event list's render in Chromium), against the current build (`npm run build` first).
import { benchClient } from './client';
import { benchEventList } from './event-list';

let ok = await benchClient({ withLighthouse: !process.argv.includes('--no-lighthouse') });
ok = (await benchEventList()) && ok;
process.exit(ok ? 0 : 1);
