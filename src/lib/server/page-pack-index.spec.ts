import { describe, expect, it } from 'vitest';
import { indexForPack, packAroundLesson } from './page-pack-index';

const lesson = (id: string) => ({
	id,
	title: `Title ${id}`,
	blocks: [{ t: 'p', text: `Body ${id}` }]
});
const pack = (ids: string[]) =>
	Response.json({
		schemaVersion: 1,
		packId: 'p',
		version: '1.0.0',
		lang: 'en',
		lessons: ids.map(lesson)
	});

describe('what a page about one pack carries', () => {
	it('the index: that pack only', async () => {
		const index = Response.json({ schemaVersion: 1, packs: [{ id: 'a' }, { id: 'b' }] });
		expect(await (await indexForPack(index, 'b')).json()).toEqual({
			schemaVersion: 1,
			packs: [{ id: 'b' }]
		});
	});

	it('a lesson page: the lesson in full, its neighbours by id and title only', async () => {
		const trimmed = await (await packAroundLesson(pack(['a', 'b', 'c', 'd']), 'c')).json();
		expect(trimmed.lessons).toEqual([
			{ id: 'b', title: 'Title b' },
			lesson('c'),
			{ id: 'd', title: 'Title d' }
		]);
		expect(trimmed).toMatchObject({ packId: 'p', version: '1.0.0', lang: 'en' });
	});

	it('the first and the last lesson have one neighbour; an unknown lesson leaves the pack whole', async () => {
		expect((await (await packAroundLesson(pack(['a', 'b']), 'a')).json()).lessons).toEqual([
			lesson('a'),
			{ id: 'b', title: 'Title b' }
		]);
		expect((await (await packAroundLesson(pack(['a', 'b']), 'b')).json()).lessons).toEqual([
			{ id: 'a', title: 'Title a' },
			lesson('b')
		]);
		expect((await (await packAroundLesson(pack(['a', 'b']), 'x')).json()).lessons).toHaveLength(2);
	});

	it('an error answer passes through', async () => {
		const missing = new Response('no', { status: 404 });
		expect((await packAroundLesson(missing, 'a')).status).toBe(404);
	});
});
