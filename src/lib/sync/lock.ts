/**
 * One sync at a time per device: across tabs and the service worker with the Web Locks API, and
 * within one JavaScript context (tests in Node) with a promise chain.
 */
const local = new Map<string, Promise<unknown>>();

export async function withSyncLock<T>(name: string, work: () => Promise<T>): Promise<T> {
	const locks = (
		globalThis as {
			navigator?: { locks?: { request?: (name: string, cb: () => Promise<T>) => Promise<T> } };
		}
	).navigator?.locks;
	if (locks?.request) return locks.request(name, () => work());
	const previous = local.get(name) ?? Promise.resolve();
	const run = previous.then(work, work);
	local.set(
		name,
		run.catch(() => undefined)
	);
	return run;
}
