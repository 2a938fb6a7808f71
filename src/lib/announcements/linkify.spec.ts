import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
	it('finds web links, phone numbers and hotlines; the rest stays text', () => {
		expect(linkify('Call 2345 6789 or 999, see https://example.org/water.')).toEqual([
			{ kind: 'text', text: 'Call ' },
			{ kind: 'phone', text: '2345 6789', href: 'tel:23456789' },
			{ kind: 'text', text: ' or ' },
			{ kind: 'phone', text: '999', href: 'tel:999' },
			{ kind: 'text', text: ', see ' },
			{ kind: 'link', text: 'https://example.org/water', href: 'https://example.org/water' },
			{ kind: 'text', text: '.' }
		]);
	});

	it('reads Chinese text around numbers and links', () => {
		expect(linkify('查詢：管理處 +852 2345-6789。詳情：https://x.org/a。')).toEqual([
			{ kind: 'text', text: '查詢：管理處 ' },
			{ kind: 'phone', text: '+852 2345-6789', href: 'tel:+85223456789' },
			{ kind: 'text', text: '。詳情：' },
			{ kind: 'link', text: 'https://x.org/a', href: 'https://x.org/a' },
			{ kind: 'text', text: '。' }
		]);
	});

	it('never makes a link of a script, data or HTML', () => {
		const pieces = linkify('javascript:alert(1) <a href="x">y</a> data:text/html,hi');
		expect(pieces.every((p) => p.kind === 'text')).toBe(true);
		expect(pieces.map((p) => p.text).join('')).toBe(
			'javascript:alert(1) <a href="x">y</a> data:text/html,hi'
		);
	});

	it('leaves times, dates and long numbers with dots as text', () => {
		expect(linkify('From 9:00 to 13:00 on 2026.12.01').every((p) => p.kind === 'text')).toBe(true);
	});
});
