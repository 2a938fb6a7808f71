import { liveQuery } from 'dexie';

/**
 * A Dexie query as Svelte state: re-runs when the tables it read change (in this tab, another
 * tab, or the service worker). Reads of Svelte state at the start of `query` are tracked too.
 */
export function live<T>(query: () => Promise<T>, initial: T): { readonly current: T } {
	let value = $state.raw(initial);
	$effect(() => {
		const subscription = liveQuery(query).subscribe({
			next: (next) => (value = next),
			error: (error: unknown) => console.error('live query failed', error)
		});
		return () => subscription.unsubscribe();
	});
	return {
		get current() {
			return value;
		}
	};
}
