/**
 * Compiles content/ into static/packs/ before SvelteKit starts (so Kit serves and the service
 * worker precaches the packs as static files). A pack with errors stops `vite build` with every
 * problem listed; in `vite dev` the problems are printed and the page reloads when fixed.
 */
import { watch } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import en from '../../i18n/locales/en/packcheck.json' with { type: 'json' };
import { formatProblem } from '../problems.js';
import { compileContent } from './check-content.js';
import { emitPacks } from './emit.js';

export function lessonPacks({ contentDir = 'content', outDir = 'static/packs' } = {}): Plugin {
	async function compile(): Promise<{ ok: boolean; report: string[] }> {
		const packs = await compileContent(resolve(contentDir));
		const problems = packs.flatMap((p) => p.problems.sorted());
		const report = problems.map((p) => formatProblem(p, en));
		if (problems.some((p) => p.severity === 'error')) return { ok: false, report };
		await emitPacks(resolve(outDir), packs);
		return { ok: true, report };
	}

	return {
		name: 'linli-lesson-packs',
		async config(_config, env) {
			if (process.env.VITEST) return;
			const { ok, report } = await compile();
			for (const line of report) console.warn(line);
			if (!ok && env.command === 'build') {
				throw new Error(
					`Lesson packs in ${contentDir}/ have errors (listed above); the build stops here.`
				);
			}
		},
		configureServer(server) {
			if (process.env.VITEST) return;
			let timer: ReturnType<typeof setTimeout> | undefined;
			const watcher = watch(resolve(contentDir), { recursive: true }, () => {
				clearTimeout(timer);
				timer = setTimeout(() => {
					compile()
						.then(({ report }) => {
							for (const line of report) server.config.logger.warn(line);
							server.ws.send({ type: 'full-reload' });
						})
						.catch((error: unknown) => server.config.logger.error(String(error)));
				}, 150);
			});
			server.httpServer?.once('close', () => watcher.close());
		}
	};
}
