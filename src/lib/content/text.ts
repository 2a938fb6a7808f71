/**
 * The plain text of a lesson, for offline search. Emergency numbers stay placeholders
 * ({{ambulance}}): the reader's phone fills in its region's digits when it builds the index.
 * Relative imports only (shared with the CLI).
 */
import type { Block, Inline } from '../shared/lesson.js';

function inlineText(nodes: Inline[]): string {
	return nodes
		.map((node) => {
			switch (node.t) {
				case 'text':
				case 'code':
					return node.v;
				case 'img':
					return node.alt;
				case 'br':
					return ' ';
				case 'phone':
					return `{{${node.service}}}`;
				default:
					return inlineText(node.c);
			}
		})
		.join('');
}

export function blocksText(blocks: Block[]): string {
	const parts: string[] = [];
	for (const block of blocks) {
		switch (block.t) {
			case 'p':
			case 'h':
				parts.push(inlineText(block.c));
				break;
			case 'list':
				for (const item of block.items) parts.push(blocksText(item));
				break;
			case 'quote':
			case 'callout':
				parts.push(blocksText(block.c));
				break;
			case 'pre':
				parts.push(block.v);
				break;
			case 'table':
				parts.push([...block.head, ...block.rows.flat()].map(inlineText).join(' '));
				break;
			case 'quiz':
				for (const q of block.questions) {
					parts.push(q.prompt);
					if (q.type === 'truefalse') parts.push(q.explain);
					else for (const o of q.options) parts.push(o.text, o.explain);
				}
				break;
			case 'checklist':
				if (block.title) parts.push(block.title);
				for (const item of block.items) parts.push(item.text);
				break;
		}
	}
	return parts
		.join('\n')
		.replace(/[ \t]+/g, ' ')
		.trim();
}
