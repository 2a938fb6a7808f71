/**
 * The server's clock, for phones that count down to an event's start together (issue 13: see
 * lib/domain/clock-offset.ts). No credentials, nothing read from the database: answering must be
 * as quick and as even as possible, since every millisecond spent here is read as network delay.
 * Never cached (jsonResponse says no-store; the service worker does not route /api/).
 */
import type { ServerTime } from '../../shared/server-time';
import { jsonResponse } from './errors';

export async function handleTime(): Promise<Response> {
	return jsonResponse({ now: Date.now() } satisfies ServerTime);
}
