// Bundles the linli command line (src/cli) into dist/cli.js: plain JavaScript that Node 20 runs
// straight after `npm ci` (which calls this through the "prepare" script).
import { build } from 'esbuild';

await build({
	entryPoints: ['src/cli/index.ts'],
	outfile: 'dist/cli.js',
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'esm',
	sourcemap: 'linked',
	// Native and server drivers stay in node_modules.
	external: ['better-sqlite3', 'pg', 'pg-native'],
	banner: {
		js: "import { createRequire as __linliRequire } from 'node:module'; const require = __linliRequire(import.meta.url);"
	},
	logLevel: 'warning'
});
