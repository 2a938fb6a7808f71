import type { LinliDb } from './schema';
import { database } from './db';

/**
 * A Dexie query as Svelte state: re-runs when the tables it read change (in this tab, another tab
 * or the service worker), and re-subscribes when `key` changes (it is read in an effect, so the
 * Svelte state it touches is tracked). Until the first answer, `current` is `initial`.
 */
export function live<K, T>(
	key: () => K,
	query: (db: LinliDb, key: K) => Promise<T>,
	initial: T
): { readonly current: T } {
	let value = $state.raw(initial);
	$effect(() => {
		const k = key();
		let unsubscribe: (() => void) | undefined;
		let stopped = false;
		void Promise.all([import('dexie'), database()]).then(([{ liveQuery }, db]) => {
			if (stopped) return;
			const subscription = liveQuery(() => query(db, k)).subscribe({
				next: (next) => (value = next),
				error: (error: unknown) => console.error('live query failed', error)
			});
			unsubscribe = () => subscription.unsubscribe();
		});
		return () => {
			stopped = true;
			unsubscribe?.();
		};
	});
	return {
		get current() {
			return value;
		}
	};
}
