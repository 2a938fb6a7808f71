import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	declaredPrefix,
	inlineNamespaces,
	namespaceOf,
	ROUTE_NAMESPACES,
	routeNamespaces,
	SHELL_NAMESPACES,
	STAFF_NAMESPACES,
	wantedNamespaces
} from './route-strings';

const ROOT = resolve(import.meta.dirname, '../../..');
const ROUTES = join(ROOT, 'src/routes');
const LOCALES = join(ROOT, 'src/lib/i18n/locales/en');
const NAMESPACES = readdirSync(LOCALES)
	.filter((file) => file.endsWith('.json'))
	.map((file) => file.slice(0, -'.json'.length));
/** Only staff pages may carry these. */
const STAFF_ONLY = STAFF_NAMESPACES;

describe('which namespaces a route needs', () => {
	it('gives every page the shell, and each route its own', () => {
		expect(routeNamespaces('/')).toEqual(expect.arrayContaining([...SHELL_NAMESPACES, 'home']));
		expect(routeNamespaces('/lessons/[pack]/[lesson]')).toEqual(
			expect.arrayContaining([...SHELL_NAMESPACES, 'lessons'])
		);
		expect(routeNamespaces('/volunteer/register')).toEqual(
			expect.arrayContaining([...SHELL_NAMESPACES, 'volunteer'])
		);
		expect(routeNamespaces('/staff/tasks/[id]')).toEqual(expect.arrayContaining(['admin']));
	});

	it('never sends the staff namespaces to a resident page', () => {
		for (const prefix of Object.keys(ROUTE_NAMESPACES).filter((p) => !p.startsWith('/staff'))) {
			const need = routeNamespaces(prefix);
			expect(need).not.toBe('all');
			for (const staff of STAFF_ONLY) expect(need, prefix).not.toContain(staff);
		}
	});

	it('matches by whole segments, and "/" only the home page', () => {
		expect(declaredPrefix('/lessons')).toBe('/lessons');
		expect(declaredPrefix('/lessons/[pack]')).toBe('/lessons');
		expect(declaredPrefix('/lessonsx')).toBeUndefined();
		expect(declaredPrefix('/(app)/volunteer/hours')).toBe('/volunteer');
		expect(declaredPrefix('/')).toBe('/');
	});

	it('gives a route nobody declared every namespace but the staff ones (a new page works, only heavier)', () => {
		const resident = NAMESPACES.filter((n) => !STAFF_ONLY.includes(n));
		for (const id of ['/announcements', '/announcements/[id]', null]) {
			const need = routeNamespaces(id);
			expect(wantedNamespaces(need, NAMESPACES).sort()).toEqual([...resident].sort());
		}
		expect(resident).toContain('events');
		expect(resident).not.toContain('admin');
		expect(inlineNamespaces('/announcements', [], ['common', 'events', 'admin', 'x'])).toEqual([
			'common',
			'events',
			'x'
		]);
	});

	it('inlines what the route declares plus what its render used, of what exists', () => {
		const available = ['admin', 'announcements', 'common', 'errors', 'home', 'sync', 'volunteer'];
		expect(inlineNamespaces('/volunteer/register', [], available)).toEqual([
			'common',
			'errors',
			'sync',
			'volunteer'
		]);
		// A component of another namespace added to the page without declaring it still hydrates.
		expect(inlineNamespaces('/volunteer/register', ['announcements', 'gone'], available)).toEqual([
			'announcements',
			'common',
			'errors',
			'sync',
			'volunteer'
		]);
	});

	it('reads a key’s namespace as the translator does', () => {
		expect(namespaceOf('volunteer:form.title')).toBe('volunteer');
		expect(namespaceOf('nav.skip')).toBe('common');
	});
});

// The guard: each declared route's pages (and what they import from the app) use only the
// namespaces the route declares. Reads the source: a literal key "ns:..." names its namespace.

function resolveImport(from: string, spec: string): string | undefined {
	let base: string;
	if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else if (spec.startsWith('$lib/')) base = join(ROOT, 'src/lib', spec.slice(5));
	else if (spec.startsWith('$domain/')) base = join(ROOT, 'src/lib/domain', spec.slice(8));
	else if (spec.startsWith('$shared/')) base = join(ROOT, 'src/lib/shared', spec.slice(8));
	else return undefined;
	for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')]) {
		if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	}
	return undefined;
}

const usedCache = new Map<string, Set<string>>();

/**
 * The namespaces a file names in literal keys, with the components it imports (and theirs) and
 * the modules those import directly. Deeper modules are data and services (the sync service
 * reaches every collection): their keys show only through a component that imports them.
 */
function namespacesUsed(file: string, seen = new Set<string>()): Set<string> {
	const cached = usedCache.get(file);
	if (cached) return cached;
	const found = new Set<string>();
	// The i18n machinery itself names keys only in its documentation.
	if (seen.has(file) || /\.(json|css|svg|png)$/.test(file) || file.includes('/lib/i18n/'))
		return found;
	seen.add(file);
	const source = readFileSync(file, 'utf8');
	for (const match of source.matchAll(/['"`]([a-z][a-zA-Z]*):[a-zA-Z$]/g)) {
		if (NAMESPACES.includes(match[1]!)) found.add(match[1]!);
	}
	if (!/\.svelte$|\/\+[a-z.]+\.ts$/.test(file)) return found;
	for (const match of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
		const target = resolveImport(file, match[1]!);
		if (target) for (const namespace of namespacesUsed(target, new Set(seen))) found.add(namespace);
	}
	usedCache.set(file, found);
	return found;
}

function routeFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return routeFiles(path);
		return /^\+(page|layout|error)(\.server)?\.(svelte|ts)$/.test(name) ? [path] : [];
	});
}

function routeIdOf(file: string): string {
	const dir = relative(ROUTES, dirname(file)).split('\\').join('/');
	return dir ? `/${dir}` : '/';
}

describe('the declarations match the routes’ source', () => {
	it('finds the namespaces a page uses (the scanner works)', () => {
		expect(namespacesUsed(join(ROUTES, 'volunteer/register/+page.svelte'))).toContain('volunteer');
		expect(namespacesUsed(join(ROUTES, '+layout.svelte'))).toContain('common');
	});

	it('the root layout and error page use only the shell’s namespaces', () => {
		for (const file of ['+layout.svelte', '+layout.ts', '+error.svelte']) {
			const used = [...namespacesUsed(join(ROUTES, file))];
			expect(
				used.filter((n) => !(SHELL_NAMESPACES as readonly string[]).includes(n)),
				file
			).toEqual([]);
		}
	});

	it('each declared route declares no more than its pages use', () => {
		const used = new Map<string, Set<string>>();
		for (const file of routeFiles(ROUTES)) {
			const id = routeIdOf(file);
			const prefix = declaredPrefix(id);
			if (!prefix || (prefix === '/' && !/\+page/.test(file))) continue;
			const layout = /\+layout/.test(file);
			for (const covered of Object.keys(ROUTE_NAMESPACES)) {
				if (covered !== prefix && !(layout && covered.startsWith(`${id}/`))) continue;
				const set = used.get(covered) ?? new Set<string>();
				for (const namespace of namespacesUsed(file)) set.add(namespace);
				used.set(covered, set);
			}
		}
		const unused = Object.entries(ROUTE_NAMESPACES).flatMap(([prefix, namespaces]) =>
			namespaces.filter((n) => !used.get(prefix)?.has(n)).map((n) => `${prefix}: ${n}`)
		);
		// Extra namespaces only make the pages heavier: keep the list honest.
		expect(unused).toEqual([]);
	});

	it('each declared route declares every namespace its pages use', () => {
		const missing: string[] = [];
		for (const file of routeFiles(ROUTES)) {
			const id = routeIdOf(file);
			if (id === '/' && /\+(layout|error)/.test(file)) continue;
			const need = routeNamespaces(id);
			if (need === 'all') continue;
			// A layout's strings show on every page below it, whatever those declare.
			const below = /\+layout/.test(file)
				? Object.keys(ROUTE_NAMESPACES).filter((prefix) => prefix.startsWith(`${id}/`))
				: [];
			for (const route of [id, ...below]) {
				const needed = routeNamespaces(route);
				for (const namespace of namespacesUsed(file)) {
					if (needed !== 'all' && !needed.includes(namespace))
						missing.push(`${route} (${relative(ROOT, file)}): ${namespace}`);
				}
			}
		}
		expect(missing).toEqual([]);
	});
});
