/**
 * Pictures in a pack's assets folder: allowed types, a size limit, contents that match the name,
 * and SVG files free of anything that could run or reach out (scripts, event attributes,
 * foreignObject, external references, entities).
 * Relative imports only (shared with the CLI).
 */
import { LineIndex, ProblemList } from './problems.js';

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'svg'] as const;

export const MAX_ASSET_BYTES = 500 * 1024;

const SVG_HAZARDS: { code: string; pattern: RegExp }[] = [
	{ code: 'asset.svg.script', pattern: /<script[\s>/]/i },
	{ code: 'asset.svg.script', pattern: /javascript\s*:/i },
	{ code: 'asset.svg.event', pattern: /\son[a-z]+\s*=/i },
	{ code: 'asset.svg.foreignObject', pattern: /<foreignObject[\s>/]/i },
	{
		code: 'asset.svg.embed',
		pattern: /<(iframe|embed|object|use\s[^>]*href\s*=\s*["'](?!#))[\s>/]?/i
	},
	{ code: 'asset.svg.entity', pattern: /<!(ENTITY|DOCTYPE)/i },
	{ code: 'asset.svg.external', pattern: /(?:xlink:)?href\s*=\s*["'](?!#)/i },
	{ code: 'asset.svg.external', pattern: /url\(\s*["']?(?!#)/i },
	{ code: 'asset.svg.external', pattern: /@import/i }
];

function matchesSignature(extension: string, bytes: Uint8Array): boolean {
	const b = (i: number) => bytes[i] ?? -1;
	const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
	switch (extension) {
		case 'png':
			return b(0) === 0x89 && ascii(1, 4) === 'PNG';
		case 'jpg':
		case 'jpeg':
			return b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff;
		case 'gif':
			return ascii(0, 4) === 'GIF8';
		case 'webp':
			return ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP';
		case 'svg':
			return /<svg[\s>]/i.test(new TextDecoder().decode(bytes.subarray(0, 4096)));
		default:
			return false;
	}
}

/** Checks one file under assets/; `file` is how problems name it. */
export function checkAsset(file: string, name: string, bytes: Uint8Array, problems: ProblemList) {
	const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
	if (!(IMAGE_EXTENSIONS as readonly string[]).includes(extension)) {
		problems.error('asset.type', file, undefined, { name });
		return;
	}
	if (bytes.byteLength > MAX_ASSET_BYTES) {
		problems.error('asset.size', file, undefined, {
			name,
			kb: Math.ceil(bytes.byteLength / 1024),
			max: MAX_ASSET_BYTES / 1024
		});
	}
	if (!matchesSignature(extension, bytes)) {
		problems.error('asset.signature', file, undefined, { name, type: extension });
		return;
	}
	if (extension === 'svg') {
		const text = new TextDecoder().decode(bytes);
		const lines = new LineIndex(text);
		const reported = new Set<string>();
		for (const { code, pattern } of SVG_HAZARDS) {
			const match = pattern.exec(text);
			if (!match || reported.has(code)) continue;
			reported.add(code);
			problems.error(code, file, lines.at(match.index), {
				name,
				found: match[0].trim().slice(0, 40)
			});
		}
	}
}
