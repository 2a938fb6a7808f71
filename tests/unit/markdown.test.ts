import { describe, expect, it } from 'vitest';
import { markdownToBlocks } from '../../src/lib/content/markdown';
import { ProblemList } from '../../src/lib/content/problems';

const convert = (md: string) =>
	markdownToBlocks(md, 'x.md', 1, new ProblemList(), () => true).blocks;

describe('lesson Markdown', () => {
	it('makes bold text bold in Chinese even next to full-width punctuation', () => {
		expect(convert('**迷思：**掐人中沒有用。')).toEqual([
			{
				t: 'p',
				c: [
					{ t: 'strong', c: [{ t: 'text', v: '迷思：' }] },
					{ t: 'text', v: '掐人中沒有用。' }
				]
			}
		]);
	});

	it('keeps a colon followed by a word as text, not a directive', () => {
		expect(convert('Note:this stays')).toEqual([
			{ t: 'p', c: [{ t: 'text', v: 'Note:this stays' }] }
		]);
	});

	it('turns placeholders into region-aware phone numbers', () => {
		expect(convert('Call {{ambulance}} now.')).toEqual([
			{
				t: 'p',
				c: [
					{ t: 'text', v: 'Call ' },
					{ t: 'phone', service: 'ambulance' },
					{ t: 'text', v: ' now.' }
				]
			}
		]);
	});
});
