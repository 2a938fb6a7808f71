import { describe, expect, it } from 'vitest';
import {
	isStaffRoute,
	onDemandFiles,
	STAFF_NAMESPACES,
	staffOnlyFiles,
	staffOnlyNodes,
	type ManifestChunk
} from '../../src/node/precache-split.js';
import { STAFF_NAMESPACES as APP_STAFF_NAMESPACES } from '../../src/lib/i18n/route-strings';

const node = (n: number) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`;

// A small build: root layout 0, root error 1, the staff layout 2, a resident page 3 (which
// dynamically imports a map chunk and, like the router, the events page 5), a staff page 4 with
// its own CSS and a dynamically imported editor, and the resident events page 5.
const manifest: Record<string, ManifestChunk> = {
	'node_modules/@sveltejs/kit/src/runtime/client/entry.js': {
		file: '_app/immutable/entry/start.js',
		isEntry: true,
		imports: ['_runtime.js']
	},
	'.svelte-kit/generated/client-optimized/app.js': {
		file: '_app/immutable/entry/app.js',
		isEntry: true,
		imports: ['_runtime.js'],
		// The router's table names every node.
		dynamicImports: [node(0), node(1), node(2), node(3), node(4), node(5)]
	},
	'_runtime.js': { file: '_app/immutable/chunks/runtime.js' },
	'_shared.js': {
		file: '_app/immutable/chunks/shared.js',
		css: ['_app/immutable/assets/shared.css']
	},
	'_staff-table.js': {
		file: '_app/immutable/chunks/staff-table.js',
		css: ['_app/immutable/assets/StaffTable.css']
	},
	// Vite also records a shared chunk's stylesheet under a key of its own, which nothing imports.
	'_StaffTable.css': { file: '_app/immutable/assets/StaffTable.css', src: '_StaffTable.css' },
	'_shared.css': { file: '_app/immutable/assets/shared.css', src: '_shared.css' },
	'_map.js': { file: '_app/immutable/chunks/map.js', isDynamicEntry: true },
	'_editor.js': {
		file: '_app/immutable/chunks/editor.js',
		isDynamicEntry: true,
		imports: ['_staff-table.js'],
		assets: ['_app/immutable/assets/editor-font.woff2']
	},
	'_icons.js': { file: '_app/immutable/chunks/icons.js', imports: ['_runtime.js'] },
	[node(0)]: { file: '_app/immutable/nodes/0.js', isEntry: true, imports: ['_runtime.js'] },
	[node(1)]: { file: '_app/immutable/nodes/1.js', isEntry: true, imports: ['_runtime.js'] },
	[node(2)]: {
		file: '_app/immutable/nodes/2.js',
		isEntry: true,
		imports: ['_runtime.js', '_staff-table.js'],
		css: ['_app/immutable/assets/2.css']
	},
	[node(3)]: {
		file: '_app/immutable/nodes/3.js',
		isEntry: true,
		imports: ['_runtime.js', '_shared.js'],
		dynamicImports: ['_map.js', node(5)]
	},
	[node(4)]: {
		file: '_app/immutable/nodes/4.js',
		isEntry: true,
		imports: ['_shared.js', '_staff-table.js', '_icons.js'],
		dynamicImports: ['_editor.js', '_map.js'],
		css: ['_app/immutable/assets/4.css', '_app/immutable/assets/shared.css']
	},
	[node(5)]: { file: '_app/immutable/nodes/5.js', isEntry: true, imports: ['_runtime.js'] }
};

const routes = [
	{ id: '/', page: { layouts: [0], errors: [1], leaf: 3 } },
	{ id: '/events', page: { layouts: [0], errors: [1], leaf: 5 } },
	{ id: '/staff/events', page: { layouts: [0, 2], errors: [1, undefined], leaf: 4 } },
	{ id: '/staff/sign-in', page: { layouts: [0, 2], errors: [1, undefined], leaf: 2 } },
	{ id: '/staff/publishing/guide.md', page: null },
	{ id: '/api/time', page: null }
];

describe('staff-only strings', () => {
	it('are the namespaces the app keeps to /staff pages', () => {
		expect([...STAFF_NAMESPACES].sort()).toEqual([...APP_STAFF_NAMESPACES].sort());
	});
});

describe('staff-only nodes', () => {
	it('are the nodes only /staff pages render, never the root layout or error page', () => {
		expect([...staffOnlyNodes(routes)].sort()).toEqual([2, 4]);
	});

	it('keep a node a resident page shares with staff pages', () => {
		const shared = [
			...routes,
			{ id: '/volunteer', page: { layouts: [0, 2], errors: [1], leaf: 6 } }
		];
		expect([...staffOnlyNodes(shared)]).toEqual([4]);
	});

	it('keep the root layout and error page even when only staff pages were listed', () => {
		expect([...staffOnlyNodes(routes.filter((r) => isStaffRoute(r.id)))].sort()).toEqual([2, 4]);
	});

	it('match /staff and below, not a route that merely starts with the word', () => {
		expect(isStaffRoute('/staff')).toBe(true);
		expect(isStaffRoute('/staff/events/[id]')).toBe(true);
		expect(isStaffRoute('/staffing')).toBe(false);
		expect(isStaffRoute('/events/staff')).toBe(false);
	});
});

describe('staff-only files', () => {
	const dropped = staffOnlyFiles(manifest, [node(2), node(4)]);

	it('drop the staff nodes, their own chunks, dynamic imports, CSS and assets', () => {
		expect(dropped).toEqual([
			'_app/immutable/assets/2.css',
			'_app/immutable/assets/4.css',
			'_app/immutable/assets/StaffTable.css',
			'_app/immutable/assets/editor-font.woff2',
			'_app/immutable/chunks/editor.js',
			'_app/immutable/chunks/icons.js',
			'_app/immutable/chunks/staff-table.js',
			'_app/immutable/nodes/2.js',
			'_app/immutable/nodes/4.js'
		]);
	});

	it('keep a chunk and its CSS that a resident page shares with a staff page', () => {
		expect(dropped).not.toContain('_app/immutable/chunks/shared.js');
		expect(dropped).not.toContain('_app/immutable/assets/shared.css');
		expect(dropped).not.toContain('_app/immutable/chunks/runtime.js');
	});

	it('keep what a resident page imports dynamically, and a resident page imported dynamically', () => {
		expect(dropped).not.toContain('_app/immutable/chunks/map.js');
		expect(dropped).not.toContain('_app/immutable/nodes/5.js');
	});

	it('keep the client entries and the root layout and error page', () => {
		for (const file of ['entry/start.js', 'entry/app.js', 'nodes/0.js', 'nodes/1.js']) {
			expect(dropped).not.toContain(`_app/immutable/${file}`);
		}
	});

	it('keep a file a staff chunk shares with a chunk nothing else names', () => {
		const withWorker = {
			...manifest,
			'src/lib/worker.ts': {
				file: '_app/immutable/workers/worker.js',
				imports: ['_staff-table.js']
			}
		};
		const files = staffOnlyFiles(withWorker, [node(2), node(4)]);
		expect(files).not.toContain('_app/immutable/chunks/staff-table.js');
		expect(files).not.toContain('_app/immutable/workers/worker.js');
		expect(files).toContain('_app/immutable/nodes/4.js');
	});

	it('keep everything when no staff node is in the manifest (another bundle strategy)', () => {
		expect(staffOnlyFiles(manifest, [])).toEqual([]);
		expect(staffOnlyFiles(manifest, [node(40)])).toEqual([]);
	});

	it('keep a staff node that a resident chunk imports statically', () => {
		const imported = {
			...manifest,
			[node(5)]: { ...manifest[node(5)]!, imports: ['_runtime.js', node(4)] }
		};
		expect(staffOnlyFiles(imported, [node(2), node(4)])).toEqual([
			'_app/immutable/assets/2.css',
			'_app/immutable/nodes/2.js'
		]);
	});
});

describe("libraries loaded on demand (the door's QR decoder)", () => {
	const lazy: Record<string, ManifestChunk> = {
		'entry.js': { file: 'start.js', isEntry: true, imports: ['_runtime.js'] },
		'_runtime.js': { file: 'runtime.js' },
		'door.js': { file: 'nodes/door.js', isEntry: true, dynamicImports: ['scanner.ts'] },
		'scanner.ts': { file: 'scanner.js', isDynamicEntry: true, dynamicImports: ['jsqr.js'] },
		'jsqr.js': { file: 'jsqr.js', isDynamicEntry: true, imports: ['_jsqr-part.js', '_runtime.js'] },
		'_jsqr-part.js': { file: 'jsqr-part.js' }
	};

	it('leaves out what only a dynamic import of the library reaches, and keeps the screen that loads it', () => {
		expect(onDemandFiles(lazy, ['jsqr.js'])).toEqual(['jsqr-part.js', 'jsqr.js']);
		expect(onDemandFiles(lazy, ['not-in-this-build.js'])).toEqual([]);
	});

	it('keeps the library when anything imports it statically', () => {
		const statically = {
			...lazy,
			'lessons.js': { file: 'nodes/lessons.js', isEntry: true, imports: ['_jsqr-part.js'] }
		};
		expect(onDemandFiles(statically, ['jsqr.js'])).toEqual(['jsqr.js']);
		const whole = {
			...lazy,
			'other.js': { file: 'nodes/other.js', isEntry: true, imports: ['jsqr.js'] }
		};
		expect(onDemandFiles(whole, ['jsqr.js'])).toEqual([]);
	});
});
