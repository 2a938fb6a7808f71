/**
 * Checks across packs: ids are unique, and links into other packs land on a real lesson.
 * Relative imports only (shared with the CLI).
 */
import type { CompiledPack } from './compile-pack.js';

export function checkCollection(packs: CompiledPack[]) {
	const byId = new Map<string, CompiledPack>();
	for (const pack of packs) {
		const id = pack.meta?.id;
		if (!id) continue;
		const other = byId.get(id);
		if (other) {
			pack.problems.error('pack.id.duplicate', `${pack.label}/pack.json`, undefined, {
				id,
				other: other.label
			});
		} else {
			byId.set(id, pack);
		}
	}
	for (const pack of packs) {
		for (const link of pack.externalLinks) {
			const target = byId.get(link.pack);
			if (!target?.meta?.lessons.some((l) => l.id === link.lesson)) {
				pack.problems.error('md.link.lesson', link.file, link.at, {
					target: `${link.pack}/${link.lesson}`
				});
			}
		}
	}
}
