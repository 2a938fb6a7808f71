/**
 * Runs work once the browser is idle (or after `timeout` ms at the latest), and never before the
 * page's first frame is painted, so that it does not compete with the first paint and hydration
 * (an idle period can come before the first paint on a fast device). Returns a cancel function.
 */
export function whenIdle(work: () => void, timeout = 1500): () => void {
	let cancel = () => {};
	let cancelled = false;
	const idle = () => {
		if (cancelled) return;
		if (typeof requestIdleCallback === 'function') {
			const id = requestIdleCallback(() => work(), { timeout });
			cancel = () => cancelIdleCallback(id);
		} else {
			const timer = setTimeout(work, Math.min(timeout, 200));
			cancel = () => clearTimeout(timer);
		}
	};
	if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') {
		// A frame callback runs just before a paint; a task queued from it runs after that paint.
		const frame = requestAnimationFrame(() => setTimeout(idle, 0));
		cancel = () => cancelAnimationFrame(frame);
	} else {
		// A hidden tab paints no frames: waiting for one would wait until it is shown.
		idle();
	}
	return () => {
		cancelled = true;
		cancel();
	};
}
