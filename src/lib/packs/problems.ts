/** The pack checker's messages (the packcheck namespace, shared with the CLI and the server). */
import { describeProblem, type Catalog, type Problem } from '../content/problems';
import type { Lang } from '../i18n/languages';

// Loaded only where a pack file is opened: the app's other pages never need these strings.
const loaders = import.meta.glob<Catalog>('../i18n/locales/*/packcheck.json', {
	import: 'default'
});

/** The problems' messages and fixes in the reader's language. */
export async function describeProblems(problems: Problem[], lang: Lang) {
	const load = loaders[`../i18n/locales/${lang}/packcheck.json`];
	const catalog = load ? await load() : undefined;
	return problems.map((problem) => ({
		...problem,
		...(catalog ? describeProblem(problem, catalog) : { message: problem.code, fix: undefined })
	}));
}
