import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FOLLOW_EVERY_MS, followNowPlaying } from './now-playing';

const page = { visibilityState: 'visible' };
const connection = { onLine: true };

beforeEach(() => {
	vi.useFakeTimers();
	vi.stubGlobal('document', page);
	vi.stubGlobal('navigator', connection);
	page.visibilityState = 'visible';
	connection.onLine = true;
});
afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

/** A server whose answers are taken in turn from `songs` (an Error: the request fails). */
function server(songs: (number | null | Error | string)[]) {
	const urls: string[] = [];
	const fetcher = (async (url: string) => {
		urls.push(url);
		const next = songs.shift();
		if (next instanceof Error) throw next;
		return new Response(JSON.stringify({ song: next }));
	}) as unknown as typeof fetch;
	return { fetcher, urls };
}

describe('following the song playing now', () => {
	it('asks at once, then every few seconds, and reports each answer', async () => {
		const seen: (number | null)[] = [];
		const { fetcher, urls } = server([null, 0, 2]);
		const stop = followNowPlaying('e1', (song) => seen.push(song), fetcher);
		await vi.advanceTimersByTimeAsync(0);
		expect(seen).toEqual([null]);
		await vi.advanceTimersByTimeAsync(FOLLOW_EVERY_MS);
		await vi.advanceTimersByTimeAsync(FOLLOW_EVERY_MS);
		expect(seen).toEqual([null, 0, 2]);
		expect(urls[0]).toBe('/api/events/e1/now-playing');
		stop();
		await vi.advanceTimersByTimeAsync(5 * FOLLOW_EVERY_MS);
		expect(urls).toHaveLength(3);
	});

	it('keeps the last song through a failed request and a malformed answer', async () => {
		const seen: (number | null)[] = [];
		const { fetcher } = server([1, new TypeError('Failed to fetch'), 'two', 1]);
		const stop = followNowPlaying('e1', (song) => seen.push(song), fetcher);
		await vi.advanceTimersByTimeAsync(3 * FOLLOW_EVERY_MS);
		expect(seen).toEqual([1, 1]);
		stop();
	});

	it('does not ask while the page is hidden or the phone offline', async () => {
		const { fetcher, urls } = server([0, 0, 0]);
		page.visibilityState = 'hidden';
		const stop = followNowPlaying('e1', () => {}, fetcher);
		await vi.advanceTimersByTimeAsync(FOLLOW_EVERY_MS);
		page.visibilityState = 'visible';
		connection.onLine = false;
		await vi.advanceTimersByTimeAsync(FOLLOW_EVERY_MS);
		expect(urls).toHaveLength(0);
		connection.onLine = true;
		await vi.advanceTimersByTimeAsync(FOLLOW_EVERY_MS);
		expect(urls).toHaveLength(1);
		stop();
	});
});
