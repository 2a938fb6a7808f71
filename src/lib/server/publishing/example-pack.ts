/**
 * What a teacher gets to start a lesson pack from: a real, reviewed pack (hygiene) as a zip to
 * unpack and change, with the authoring guide beside it. Both are bundled into the server at build
 * time, so the server needs no content folder at run time.
 */
import { strToU8, zipSync } from 'fflate';

const PACK = 'hygiene';
const FOLDER = 'linli-example-pack';

const packFiles = import.meta.glob<string>('/content/hygiene/**/*', {
	query: '?raw',
	import: 'default',
	eager: true
});
const guide = import.meta.glob<string>('/content/README.md', {
	query: '?raw',
	import: 'default',
	eager: true
});

/** The authoring guide (content/README.md), as Markdown text. */
export function authoringGuide(): string {
	return Object.values(guide)[0] ?? '';
}

/** The example pack's files, by their path inside the pack folder ("pack.json", "assets/…"). */
export function examplePackFiles(): Map<string, string> {
	const prefix = `/content/${PACK}/`;
	return new Map(
		Object.entries(packFiles)
			.filter(([path]) => path.startsWith(prefix))
			.map(([path, text]): [string, string] => [path.slice(prefix.length), text])
			.sort(([a], [b]) => a.localeCompare(b))
	);
}

/** linli-example-pack.zip: the pack folder and the guide, ready to unpack and edit. */
export function examplePackZip(): Uint8Array {
	const entries: Record<string, Uint8Array> = {
		[`${FOLDER}/GUIDE.md`]: strToU8(authoringGuide())
	};
	for (const [name, text] of examplePackFiles())
		entries[`${FOLDER}/${PACK}/${name}`] = strToU8(text);
	// A fixed time keeps the file the same from build to build.
	return zipSync(entries, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}
