#!/usr/bin/env node
// The `linli` command. dist/cli.js is built by `npm install` / `npm ci` (the "prepare" script).
import { existsSync } from 'node:fs';

const cli = new URL('../../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
	console.error(
		'linli is not built yet: run `npm install` (or `node src/node/build-cli.js`) in the project folder.'
	);
	process.exit(2);
}
await import(cli.href);
