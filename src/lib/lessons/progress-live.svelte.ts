import type { PackMeta } from '$shared/lesson';
import { live } from '$lib/db/live.svelte';
import { packProgress, type LessonStatus, type PackProgress } from '$domain/mastery';
import { readProgress, statusOf } from './progress';

/** Each lesson's status and each pack's progress, kept up to date from the device database. */
export function liveProgress(packs: () => PackMeta[]) {
	const data = live(
		() => null,
		(db) => readProgress(db),
		undefined
	);
	return {
		status(pack: PackMeta, lessonId: string): LessonStatus {
			const lesson = pack.lessons.find((l) => l.id === lessonId);
			return data.current && lesson ? statusOf(data.current, pack, lesson) : 'new';
		},
		pack(pack: PackMeta): PackProgress {
			const statuses = pack.lessons.map((l) =>
				data.current ? statusOf(data.current, pack, l) : 'new'
			);
			return packProgress(statuses);
		},
		get loaded() {
			return data.current !== undefined && packs().length >= 0;
		}
	};
}
