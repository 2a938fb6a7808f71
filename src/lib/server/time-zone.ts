/**
 * Which time zone a task's times are read and written in. Today one server serves one
 * neighbourhood, so it is the server's setting (LINLI_TIME_ZONE); when neighbourhoods arrive, the
 * callers pass the neighbourhood and this returns its own zone, with the server's as the fallback.
 */
import type { ServerContext } from './context';

export function neighbourhoodTimeZone(ctx: Pick<ServerContext, 'config'>): string {
	return ctx.config.timeZone;
}
