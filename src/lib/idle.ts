/**
 * Runs work once the browser is idle (or after `timeout` ms at the latest), so that it does not
 * compete with the first paint and hydration. Returns a cancel function.
 */
export function whenIdle(work: () => void, timeout = 1500): () => void {
	if (typeof requestIdleCallback === 'function') {
		const id = requestIdleCallback(() => work(), { timeout });
		return () => cancelIdleCallback(id);
	}
	const timer = setTimeout(work, Math.min(timeout, 200));
	return () => clearTimeout(timer);
}
