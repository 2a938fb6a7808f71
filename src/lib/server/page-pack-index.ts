import type { CompiledPackLanguage, PackIndex } from '$shared/lesson';

/**
 * The pack index as a page about one pack reads it while the server renders it: that pack's entry
 * alone. SvelteKit puts every response a universal load fetched while rendering into the page,
 * so that the browser's first run of the same load (hydration) finds it there instead of asking
 * the network; a lesson page needs one pack's entry, not the whole index (46 KB of a lesson
 * page's 184 KB, issue 9). The browser's later fetches of /packs/index.json (another page, a
 * language switch) get the real file from the network or the service worker: the response
 * carries no max-age, so SvelteKit does not keep it for them.
 */
export async function indexForPack(response: Response, packId: string): Promise<Response> {
	if (!response.ok) return response;
	const index = (await response.json()) as PackIndex;
	const packs = index.packs.filter((pack) => pack.id === packId);
	return new Response(JSON.stringify({ ...index, packs }), {
		status: response.status,
		headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' }
	});
}

/**
 * A pack's language file as a lesson page reads it while the server renders it: that lesson, and
 * the id and title of the lessons before and after it (the page's links), as above: the page then
 * carries one lesson instead of the whole pack (63 KB of a lesson page, issue 9). The lesson is
 * kept at its place, so the page's load finds the same neighbours in the browser.
 */
export async function packAroundLesson(response: Response, lessonId: string): Promise<Response> {
	if (!response.ok) return response;
	const content = (await response.json()) as CompiledPackLanguage;
	const at = content.lessons.findIndex((lesson) => lesson.id === lessonId);
	if (at < 0) return Response.json(content, { status: response.status });
	const link = (i: number) => {
		const lesson = content.lessons[i];
		return lesson && ({ id: lesson.id, title: lesson.title } as (typeof content.lessons)[number]);
	};
	const lessons = [link(at - 1), content.lessons[at]!, link(at + 1)].filter((l) => l !== undefined);
	return new Response(JSON.stringify({ ...content, lessons }), {
		status: response.status,
		headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' }
	});
}
