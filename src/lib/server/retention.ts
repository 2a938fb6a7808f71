import type { ServerContext } from './context';

/** Periodic clean-up jobs (retention purge, spent tokens); filled in with the volunteer feature. */
export function startRetention(_ctx: ServerContext) {
	// no jobs yet
}
