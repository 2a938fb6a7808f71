/**
 * Following the organizer's "now playing" (issue 13) while an event is on: the event page asks
 * GET /api/events/<id>/now-playing every few seconds, only while it is visible and online. The
 * song also arrives with the event's record on the next sync, which is what a phone that was
 * offline shows.
 */
import * as v from 'valibot';
import { NowPlaying } from '$shared/events';

export const FOLLOW_EVERY_MS = 5000;

/** Calls `onSong` with the song's index (null: none) each time it is read; returns a stop. */
export function followNowPlaying(
	eventId: string,
	onSong: (song: number | null) => void,
	fetcher: typeof fetch = fetch
): () => void {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	const ask = async () => {
		if (document.visibilityState === 'visible' && navigator.onLine) {
			try {
				const response = await fetcher(`/api/events/${eventId}/now-playing`, { cache: 'no-store' });
				const answer = response.ok ? v.safeParse(NowPlaying, await response.json()) : undefined;
				if (answer?.success && !stopped) onSong(answer.output.song);
			} catch {
				// Offline or the server is away: the song last known stays.
			}
		}
		if (!stopped) timer = setTimeout(() => void ask(), FOLLOW_EVERY_MS);
	};
	void ask();
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}
