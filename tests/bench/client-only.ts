// npm run bench:client: the client budgets alone (sizes, home page weight, Lighthouse on four
// pages), against the current build (`npm run build` first).
import { benchClient } from './client';

process.exit(
	(await benchClient({ withLighthouse: !process.argv.includes('--no-lighthouse') })) ? 0 : 1
);
