/**
 * The device database (IndexedDB through Dexie): the first home of a resident's data.
 *
 * Every version stays here forever with its upgrade: a phone may skip several releases, and Dexie
 * replays the versions it missed in order. Never edit a published version; add the next one.
 * The upgrade path is tested (db/schema.spec.ts) from a database written by version 1.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { KitItem } from '$domain/household';
import type { DoorLine, DoorMark } from '$domain/door';

export interface LessonProgress {
	packId: string;
	lessonId: string;
	/** Language the lesson was last read in. */
	lang: string;
	firstOpenedAt: number;
	lastOpenedAt: number;
	/** Set when every quiz of the lesson is mastered. */
	completedAt?: number;
	/**
	 * The pack version at which the reader last opened the lesson with no "advice changed" notice
	 * pending (a pending notice holds it back until they retake the quiz or dismiss it). Absent on
	 * progress saved before Linli kept versions (domain/revisions.ts). No index: no new version.
	 */
	openedVersion?: string;
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
	/** The pack version at which the last attempt was recorded (absent before versions were kept). */
	packVersion?: string;
}

export interface ChecklistState {
	packId: string;
	checklistId: string;
	/** Ids of ticked items. */
	checked: string[];
	updatedAt: number;
}

/**
 * Small device-wide values: household size for checklists ("household"), the versions of each pack
 * this phone has seen ("packVersions": { [packId]: string[] }, oldest first), …
 */
export interface KeyValue {
	key: string;
	value: unknown;
}

/** Sync bookkeeping: device credentials, next seq, pull cursor, last sync (key-value rows). */
export interface SyncMeta {
	key: string;
	value: unknown;
}

/** A change made on this device and not yet acknowledged by the server. */
export interface OutboxEntry {
	seq: number;
	type: string;
	payload: unknown;
	createdAt: number;
	/** The record it changes, as "collection/id", so its sync state can be shown. */
	recordKey?: string;
}

export type RecordState = 'pending' | 'confirmed' | 'rejected';

/**
 * A synced record as this device holds it: the data the resident sees (their own pending edits
 * included), the server's last copy, and where its changes stand.
 */
export interface SyncedRecord {
	collection: string;
	id: string;
	/** What the device shows: the server's copy, or the resident's newer local edit. */
	data: unknown;
	/** The server's latest copy (undefined before it has one; null when the server deleted it). */
	serverData?: unknown;
	state: RecordState;
	/** Outbox entries not yet acknowledged for this record. */
	pending: number;
	/**
	 * The last refused change. With state 'rejected', changes after it are still on their way;
	 * with 'confirmed', the record is the server's copy and this is only a note for the resident.
	 */
	rejection?: {
		seq: number;
		/** The refused mutation's type (signup.checkIn…), to name it; absent on older rows. */
		type?: string;
		code: string;
		params?: Record<string, string | number>;
	};
	updatedAt: number;
}

/** A change the server refused, kept until the resident has seen it. */
export interface SyncIssue {
	id?: number;
	seq: number;
	type: string;
	recordKey?: string;
	code: string;
	params?: Record<string, string | number>;
	/** What was sent, so the resident can see (and redo) what did not go through. */
	payload: unknown;
	at: number;
	dismissed: number;
}

/**
 * The household's own data (issue 14): the profile ("profile") and the family plan ("plan"), as
 * key-value rows. Never synced, never sent: it lives on this phone only.
 */
export interface HouseholdRow {
	key: 'profile' | 'plan';
	value: unknown;
	updatedAt: number;
}

/**
 * What the reader did with an announcement on this phone (issue 10): read it, dismissed its
 * urgent banner. Never synced: it is this phone's own.
 */
export interface NewsState {
	id: string;
	readAt?: number;
	dismissedAt?: number;
}

/**
 * An event's roster as an organizer's phone keeps it for the door (issue 13): loaded while
 * online, used offline, deleted 12 hours after the event ends (`deleteAfter`) and at sign-out.
 * Personal data (names): never synced from here, never shown on a resident's page.
 */
export interface DoorRoster {
	eventId: string;
	event: {
		id: string;
		titles: Record<string, string | undefined>;
		startsAt: number;
		endsAt: number;
		timeZone: string;
		roles: { id: string; names: Record<string, string | undefined> }[];
	};
	/** The public keys that check tickets (no secret). */
	keys: { fingerprint: string; publicKey: string }[];
	lines: DoorLine[];
	/** The server's time when the roster was read. */
	fetchedAt: number;
	deleteAfter: number;
	/** The name the organizer gave this door ("North gate"), sent with each admission. */
	door: string;
}

export const DB_NAME = 'linli';

export class LinliDb extends Dexie {
	lessonProgress!: Table<LessonProgress, [string, string]>;
	quizResults!: Table<QuizResult, [string, string]>;
	checklists!: Table<ChecklistState, [string, string]>;
	kv!: EntityTable<KeyValue, 'key'>;
	syncMeta!: EntityTable<SyncMeta, 'key'>;
	outbox!: EntityTable<OutboxEntry, 'seq'>;
	records!: Table<SyncedRecord, [string, string]>;
	syncIssues!: EntityTable<SyncIssue, 'id'>;
	household!: EntityTable<HouseholdRow, 'key'>;
	kit!: EntityTable<KitItem, 'id'>;
	newsState!: EntityTable<NewsState, 'id'>;
	doorRosters!: EntityTable<DoorRoster, 'eventId'>;
	doorMarks!: EntityTable<DoorMark, 'id'>;

	constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
		super(name, options);
		// Version 1 (Linli 0.1): lesson progress on the device.
		this.version(1).stores({
			lessonProgress: '&[packId+lessonId], packId, lastOpenedAt',
			quizResults: '&[packId+quizId], packId, lessonId',
			checklists: '&[packId+checklistId], packId',
			kv: '&key'
		});
		// Version 2 (Linli 0.2): the sync engine. New tables only; nothing to move.
		this.version(2).stores({
			syncMeta: '&key',
			outbox: '&seq, recordKey',
			records: '&[collection+id], collection, state',
			syncIssues: '++id, seq, dismissed'
		});
		// Version 3 (Linli 0.3): household readiness, on this phone only. New tables only.
		this.version(3).stores({
			household: '&key',
			kit: '&id, addedAt'
		});
		// Version 4 (Linli 0.4): which announcements the reader has read or dismissed. New table.
		this.version(4).stores({
			newsState: '&id'
		});
		// Version 5 (Linli 0.5): an organizer's roster copies and admissions for the door. New tables.
		this.version(5).stores({
			doorRosters: '&eventId, deleteAfter',
			doorMarks: '&id, eventId, signupId'
		});
	}
}
