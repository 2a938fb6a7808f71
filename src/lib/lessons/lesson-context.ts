import { getContext, setContext } from 'svelte';
import type { PackVersionInfo } from './progress';

const KEY = Symbol('lesson-pack');

/**
 * The pack of the lesson being read (id, version, changelog), for the quizzes inside it: a result
 * is recorded with the pack's version, and one from before the lesson's advice changed is ignored.
 */
export function setLessonPack(pack: () => PackVersionInfo) {
	setContext(KEY, pack);
}

export function getLessonPack(): PackVersionInfo | undefined {
	return getContext<(() => PackVersionInfo) | undefined>(KEY)?.();
}
