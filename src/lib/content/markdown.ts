/**
 * Lesson Markdown → the closed block tree of lib/shared/lesson.ts. Raw HTML is dropped, links and
 * pictures are checked, quizzes and checklists are read from their fenced YAML blocks. Every
 * problem points at its line and column in the lesson file.
 * Relative imports only (shared with the CLI).
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { directiveFromMarkdown } from 'mdast-util-directive';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { directive } from 'micromark-extension-directive';
import { gfm } from 'micromark-extension-gfm';
import { cjkFriendlyExtension } from 'micromark-extension-cjk-friendly';
import type { Nodes, Parent, PhrasingContent, Root, RootContent } from 'mdast';
import { CALLOUT_KINDS, type Block, type CalloutKind, type Inline } from '../shared/lesson.js';
import { ID_PATTERN } from '../shared/pack-schema.js';
import { checkTextString, splitPlaceholders } from './inline-text.js';
import { ProblemList, type Position } from './problems.js';
import { IMAGE_EXTENSIONS } from './assets.js';
import { readChecklist, readQuiz } from './blocks.js';

export interface LessonRefs {
	images: { src: string; at: Position }[];
	lessonLinks: { pack?: string; lesson: string; at: Position }[];
	/** Quiz blocks that could not be read (their problems say why): the lesson did mean a quiz. */
	unreadableQuizzes: Position[];
}

interface Context {
	file: string;
	/** Line of the body's first line in the file (after the front matter). */
	lineOffset: number;
	problems: ProblemList;
	refs: LessonRefs;
	definitions: Map<string, { url: string; title?: string | null }>;
	headingIds: Set<string>;
	hasAsset: (path: string) => boolean;
}

function at(ctx: Context, node: Nodes, offset = 0): Position {
	const start = node.position?.start;
	if (!start) return { line: ctx.lineOffset, column: 1 };
	if (offset === 0) return { line: start.line + ctx.lineOffset - 1, column: start.column };
	return { line: start.line + ctx.lineOffset - 1, column: start.column + offset };
}

export function parseMarkdown(markdown: string): Root {
	return fromMarkdown(markdown, {
		// CJK-friendly emphasis: **迷思：**掐人中 is bold, as a Chinese author means it.
		extensions: [gfm(), directive(), cjkFriendlyExtension()],
		mdastExtensions: [gfmFromMarkdown(), directiveFromMarkdown()]
	});
}

/** Converts a lesson body. `lineOffset` is the file line the body starts on. */
export function markdownToBlocks(
	markdown: string,
	file: string,
	lineOffset: number,
	problems: ProblemList,
	hasAsset: (path: string) => boolean
): { blocks: Block[]; refs: LessonRefs } {
	const tree = parseMarkdown(markdown);
	const ctx: Context = {
		file,
		lineOffset,
		problems,
		refs: { images: [], lessonLinks: [], unreadableQuizzes: [] },
		definitions: new Map(),
		headingIds: new Set(),
		hasAsset
	};
	collectDefinitions(tree, ctx);
	return { blocks: blocks(tree.children, ctx), refs: ctx.refs };
}

function collectDefinitions(node: Nodes, ctx: Context) {
	if (node.type === 'definition') {
		ctx.definitions.set(node.identifier, { url: node.url, title: node.title });
	}
	if ('children' in node)
		for (const child of (node as Parent).children) collectDefinitions(child, ctx);
}

function blocks(nodes: RootContent[], ctx: Context): Block[] {
	const out: Block[] = [];
	for (const node of nodes) {
		const block = toBlock(node, ctx);
		if (Array.isArray(block)) out.push(...block);
		else if (block) out.push(block);
	}
	return out;
}

function toBlock(node: RootContent, ctx: Context): Block | Block[] | undefined {
	switch (node.type) {
		case 'paragraph': {
			const c = inlines(node.children, ctx);
			return c.length ? { t: 'p', c } : undefined;
		}
		case 'heading': {
			if (node.depth === 1) ctx.problems.warn('md.heading.h1', ctx.file, at(ctx, node));
			const level = Math.min(4, Math.max(2, node.depth)) as 2 | 3 | 4;
			const c = inlines(node.children, ctx);
			return { t: 'h', level, id: headingId(plainText(c), ctx), c };
		}
		case 'thematicBreak':
			return { t: 'hr' };
		case 'blockquote':
			return { t: 'quote', c: blocks(node.children, ctx) };
		case 'list':
			return {
				t: 'list',
				ordered: Boolean(node.ordered),
				...(node.ordered && node.start && node.start !== 1 ? { start: node.start } : {}),
				items: node.children.map((item) => blocks(item.children, ctx))
			};
		case 'code': {
			const base = at(ctx, node);
			// The YAML starts on the line after the opening fence.
			const yamlStart = { line: base.line + 1, column: base.column };
			if (node.lang === 'quiz') {
				const quiz = readQuiz(node.value, ctx.file, yamlStart, ctx.problems);
				if (!quiz) ctx.refs.unreadableQuizzes.push(yamlStart);
				return quiz;
			}
			if (node.lang === 'checklist')
				return readChecklist(node.value, ctx.file, yamlStart, ctx.problems);
			return { t: 'pre', v: node.value };
		}
		case 'html':
			ctx.problems.warn('md.html', ctx.file, at(ctx, node));
			return undefined;
		case 'table': {
			const [head, ...rows] = node.children;
			return {
				t: 'table',
				head: (head?.children ?? []).map((cell) => inlines(cell.children, ctx)),
				rows: rows.map((row) => row.children.map((cell) => inlines(cell.children, ctx)))
			};
		}
		case 'containerDirective': {
			if ((CALLOUT_KINDS as readonly string[]).includes(node.name)) {
				const children = node.children.filter(
					(child) => !(child.type === 'paragraph' && child.data?.directiveLabel)
				);
				if (children.length === 0) ctx.problems.error('md.callout.empty', ctx.file, at(ctx, node));
				return { t: 'callout', kind: node.name as CalloutKind, c: blocks(children, ctx) };
			}
			ctx.problems.error('md.directive.unknown', ctx.file, at(ctx, node), { name: node.name });
			return blocks(node.children, ctx);
		}
		case 'leafDirective':
			if (node.name === 'emergency-numbers') return { t: 'numbers' };
			ctx.problems.error('md.directive.unknown', ctx.file, at(ctx, node), { name: node.name });
			return undefined;
		case 'definition':
			return undefined;
		case 'footnoteDefinition':
			ctx.problems.warn('md.footnote', ctx.file, at(ctx, node));
			return undefined;
		default:
			// Phrasing content at block level (cannot happen with a well-formed tree): wrap it.
			if ('value' in node || 'children' in node) {
				const c = inlines([node as PhrasingContent], ctx);
				return c.length ? { t: 'p', c } : undefined;
			}
			return undefined;
	}
}

function inlines(nodes: PhrasingContent[], ctx: Context): Inline[] {
	const out: Inline[] = [];
	for (const node of nodes) out.push(...inline(node, ctx));
	// Merge neighbouring text (placeholders and restored directives split it).
	return out.reduce<Inline[]>((merged, item) => {
		const prev = merged[merged.length - 1];
		if (item.t === 'text' && prev?.t === 'text') prev.v += item.v;
		else merged.push(item);
		return merged;
	}, []);
}

function inline(node: PhrasingContent, ctx: Context): Inline[] {
	switch (node.type) {
		case 'text':
			return text(node.value, node, ctx);
		case 'strong':
		case 'emphasis': {
			const c = inlines(node.children, ctx);
			checkEmphasis(plainText(c), node, ctx);
			return [{ t: node.type === 'strong' ? 'strong' : 'em', c }];
		}
		case 'delete':
			return [{ t: 'del', c: inlines(node.children, ctx) }];
		case 'inlineCode':
			return [{ t: 'code', v: node.value }];
		case 'break':
			return [{ t: 'br' }];
		case 'link':
			return link(node.url, inlines(node.children, ctx), node, ctx);
		case 'linkReference': {
			const definition = ctx.definitions.get(node.identifier);
			const children = inlines(node.children, ctx);
			if (!definition) return children;
			return link(definition.url, children, node, ctx);
		}
		case 'image':
			return image(node.url, node.alt ?? '', node, ctx);
		case 'imageReference': {
			const definition = ctx.definitions.get(node.identifier);
			if (!definition) return [];
			return image(definition.url, node.alt ?? '', node, ctx);
		}
		case 'html':
			ctx.problems.warn('md.html', ctx.file, at(ctx, node));
			return [];
		case 'textDirective':
			// "Note:this" parses as a directive; it was meant as text.
			return [{ t: 'text', v: `:${node.name}` }, ...inlines(node.children, ctx)];
		case 'footnoteReference':
			ctx.problems.warn('md.footnote', ctx.file, at(ctx, node));
			return [];
		default:
			return [];
	}
}

function text(value: string, node: Nodes, ctx: Context): Inline[] {
	const start = at(ctx, node);
	const positionAt = (index: number) => {
		// Point at the character: count the lines the text spans before it.
		const before = value.slice(0, index);
		const newline = before.lastIndexOf('\n');
		if (newline === -1) return { line: start.line, column: start.column + index };
		return { line: start.line + before.split('\n').length - 1, column: index - newline };
	};
	checkTextString(value, ctx.file, start, ctx.problems, positionAt);
	const stray = value.indexOf('**');
	if (stray >= 0) ctx.problems.error('md.emphasis.unclosed', ctx.file, positionAt(stray));
	return splitPlaceholders(value).parts;
}

/** Punctuation that closes or separates: a bold or italic run that starts with one is misplaced. */
const LEADING = /^[。，、；：！？.,;:!?）」』】〉》)\]]/;
/** Punctuation that opens: a run that ends with one left its partner outside. */
const TRAILING = /[（「『【〈《([]$/;

/**
 * Bold and italic that CommonMark closed elsewhere than the author meant: `**迷思**：…最快**。事實**：`
 * makes 「。事實」 bold. The markers belong around whole words, the punctuation outside.
 */
function checkEmphasis(content: string, node: Nodes, ctx: Context) {
	const trimmed = content.trim();
	if (LEADING.test(trimmed) || TRAILING.test(trimmed)) {
		ctx.problems.error('md.emphasis.punctuation', ctx.file, at(ctx, node), {
			text: [...trimmed].slice(0, 24).join('')
		});
	}
}

const EXTERNAL = /^(https?:|mailto:|tel:)/i;
const LESSON_LINK = /^lesson:(?:([a-z0-9-]+)\/)?([a-z0-9-]+)$/;

function link(url: string, children: Inline[], node: Nodes, ctx: Context): Inline[] {
	const where = at(ctx, node);
	const lessonLink = LESSON_LINK.exec(url);
	if (lessonLink) {
		const [, pack, lesson = ''] = lessonLink;
		ctx.refs.lessonLinks.push({ ...(pack ? { pack } : {}), lesson, at: where });
		return [{ t: 'lesson', ...(pack ? { pack } : {}), lesson, c: children }];
	}
	if (EXTERNAL.test(url) && isValidUrl(url)) return [{ t: 'link', href: url, c: children }];
	ctx.problems.error('md.link.scheme', ctx.file, where, { href: url.slice(0, 80) });
	return children;
}

function isValidUrl(url: string) {
	try {
		new URL(url);
		return true;
	} catch {
		return false;
	}
}

function image(url: string, alt: string, node: Nodes, ctx: Context): Inline[] {
	const where = at(ctx, node);
	const src = url.replace(/^\.\//, '');
	if (!alt.trim()) ctx.problems.error('md.image.alt', ctx.file, where, { src });
	if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
		ctx.problems.error('md.image.remote', ctx.file, where, { src: src.slice(0, 80) });
		return [];
	}
	const name = src.startsWith('assets/') ? src.slice('assets/'.length) : undefined;
	if (!name || name.includes('/') || name.includes('\\') || name.startsWith('.')) {
		ctx.problems.error('md.image.outside', ctx.file, where, { src });
		return [];
	}
	const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
	if (!(IMAGE_EXTENSIONS as readonly string[]).includes(extension)) {
		ctx.problems.error('md.image.type', ctx.file, where, { src });
		return [];
	}
	if (!ctx.hasAsset(src)) {
		ctx.problems.error('md.image.missing', ctx.file, where, { src });
		return [];
	}
	ctx.refs.images.push({ src, at: where });
	return alt.trim() ? [{ t: 'img', src, alt: alt.trim() }] : [];
}

function headingId(text: string, ctx: Context) {
	const base =
		text
			.toLowerCase()
			.replace(/[^\p{L}\p{N}]+/gu, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'section';
	let id = base;
	for (let n = 2; ctx.headingIds.has(id); n++) id = `${base}-${n}`;
	ctx.headingIds.add(id);
	return id;
}

/** Text of inline nodes (placeholders left out): for headings ids and search. */
export function plainText(nodes: Inline[]): string {
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
					return '';
				default:
					return plainText(node.c);
			}
		})
		.join('');
}

export function isValidId(id: string) {
	return ID_PATTERN.test(id);
}
