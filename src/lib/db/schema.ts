/**
 * The device database (IndexedDB through Dexie): the first home of a resident's data.
 *
 * Every version stays here forever with its upgrade: a phone may skip several releases, and Dexie
 * replays the versions it missed in order. Never edit a published version; add the next one.
 * The upgrade path is tested (db/schema.spec.ts) from a database written by version 1.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';

export interface LessonProgress {
	packId: string;
	lessonId: string;
	/** Language the lesson was last read in. */
	lang: string;
	firstOpenedAt: number;
	lastOpenedAt: number;
	/** Set when every quiz of the lesson is mastered. */
	completedAt?: number;
}

export interface QuizResult {
	packId: string;
	quizId: string;
	lessonId: string;
	/** Fractions of questions right, 0..1. */
	bestScore: number;
	lastScore: number;
	questions: number;
	attempts: number;
	masteredAt?: number;
	updatedAt: number;
}

export interface ChecklistState {
	packId: string;
	checklistId: string;
	/** Ids of ticked items. */
	checked: string[];
	updatedAt: number;
}

/** Small device-wide values (household size for checklists, …). */
export interface KeyValue {
	key: string;
	value: unknown;
}

export const DB_NAME = 'linli';

export class LinliDb extends Dexie {
	lessonProgress!: Table<LessonProgress, [string, string]>;
	quizResults!: Table<QuizResult, [string, string]>;
	checklists!: Table<ChecklistState, [string, string]>;
	kv!: EntityTable<KeyValue, 'key'>;

	constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
		super(name, options);
		// Version 1 (Linli 0.1): lesson progress on the device.
		this.version(1).stores({
			lessonProgress: '&[packId+lessonId], packId, lastOpenedAt',
			quizResults: '&[packId+quizId], packId, lessonId',
			checklists: '&[packId+checklistId], packId',
			kv: '&key'
		});
	}
}
