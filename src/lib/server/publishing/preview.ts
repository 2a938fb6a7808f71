/**
 * A lesson as an admin previews it before approving: the same closed block tree the app renders
 * (no HTML, so nothing in it can run), with quizzes and checklists laid out as plain lists (the
 * answers shown, nothing recorded) and pictures named by their description (uploaded assets are
 * not served until a version is approved).
 */
import type { Block, Inline } from '$shared/lesson';

const text = (v: string): Inline => ({ t: 'text', v });

function inlines(nodes: Inline[]): Inline[] {
	return nodes.map((node): Inline => {
		if (node.t === 'img') return { t: 'em', c: [text(`[${node.alt}]`)] };
		if (node.t === 'strong' || node.t === 'em' || node.t === 'del') {
			return { ...node, c: inlines(node.c) };
		}
		if (node.t === 'link' || node.t === 'lesson') return { t: 'em', c: inlines(node.c) };
		return node;
	});
}

export interface PreviewLabels {
	true: string;
	false: string;
}

export function previewBlocks(blocks: Block[], labels: PreviewLabels): Block[] {
	const again = (inner: Block[]) => previewBlocks(inner, labels);
	return blocks.map((block): Block => {
		switch (block.t) {
			case 'p':
				return { t: 'p', c: inlines(block.c) };
			case 'h':
				return { ...block, c: inlines(block.c) };
			case 'list':
				return { ...block, items: block.items.map(again) };
			case 'quote':
				return { t: 'quote', c: again(block.c) };
			case 'callout':
				return { ...block, c: again(block.c) };
			case 'table':
				return {
					t: 'table',
					head: block.head.map(inlines),
					rows: block.rows.map((row) => row.map(inlines))
				};
			case 'quiz':
				return {
					t: 'list',
					ordered: true,
					items: block.questions.map((q): Block[] =>
						q.type === 'truefalse'
							? [
									{ t: 'p', c: [text(q.prompt)] },
									{
										t: 'p',
										c: [
											{
												t: 'strong',
												c: [text(q.answer ? `✓ ${labels.true}` : `✗ ${labels.false}`)]
											}
										]
									},
									...(q.explain ? [{ t: 'p' as const, c: [text(q.explain)] }] : [])
								]
							: [
									{ t: 'p', c: [text(q.prompt)] },
									{
										t: 'list',
										ordered: false,
										items: q.options.map((o): Block[] => [
											{
												t: 'p',
												c: [o.correct ? { t: 'strong', c: [text(`✓ ${o.text}`)] } : text(o.text)]
											},
											...(o.explain ? [{ t: 'p' as const, c: [text(o.explain)] }] : [])
										])
									}
								]
					)
				};
			case 'checklist':
				return {
					t: 'list',
					ordered: false,
					items: block.items.map((item): Block[] => [
						{
							t: 'p',
							c: [
								text(
									item.quantity !== undefined
										? `☐ ${item.text} (${item.quantity}${item.unit ? ` ${item.unit}` : ''})`
										: `☐ ${item.text}`
								)
							]
						}
					])
				};
			default:
				return block;
		}
	});
}
