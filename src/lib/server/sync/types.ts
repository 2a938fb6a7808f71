import type * as v from 'valibot';
import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import type { DB } from '../db/database';
import type { DialectName } from '../db/dialect';
import type { Database } from '../db/connect';
import type { Role } from '../roles';
import type { ChangeRecorder } from './changes';

/** Who sends a mutation: the device's resident, plus the roles of a signed-in staff member. */
export interface Actor {
	residentId: string;
	clientId: string;
	/** Roles of the staff session on the same request, if any. */
	roles: Role[];
	userId?: string;
}

export interface MutationContext {
	trx: Transaction<DB>;
	database: Database;
	dialect: DialectName;
	actor: Actor;
	now: number;
	changes: ChangeRecorder;
	/** Work to do once the transaction has committed (e.g. flushing deleted data off the disk). */
	afterCommit(work: () => Promise<void>): void;
}

/** Who may send a type of mutation. "resident": the device's own resident, on records they own. */
export type Sender = 'resident' | 'organizer' | 'admin';

/** A refusal the sender can understand: a code (sync:rejected.<code>) and safe values. */
export class Rejection extends Error {
	constructor(
		readonly code: string,
		readonly params?: Record<string, string | number>
	) {
		super(code);
		this.name = 'Rejection';
	}
}

export interface MutationHandler<P = unknown> {
	type: string;
	payload: v.GenericSchema<unknown, P>;
	allow: readonly Sender[];
	/**
	 * The handler throws Rejection only before its first write. Then a rejection leaves nothing
	 * to undo, and on PostgreSQL the mutation runs without a savepoint of its own (a round trip
	 * fewer; any other error still undoes the whole push).
	 */
	rejectsBeforeWriting?: true;
	/** Applies the mutation; returns an outcome for the UI (e.g. "waitlisted"). Throws Rejection. */
	apply(ctx: MutationContext, payload: P): Promise<string | void>;
	/**
	 * The same mutation applied for many phones' pushes at once, on PostgreSQL (sync/batch.ts): a
	 * push holding only this one mutation joins the next batch. It must answer exactly as apply.
	 */
	batch?: BatchHandler<P>;
}

/** One push's mutation in a batch, its payload checked. */
export interface BatchItem<P> {
	actor: Actor;
	input: P;
	now: number;
}

/**
 * How a type of mutation is applied for many pushes in one transaction (sync/batch.ts). Its
 * statements are compiled for the database's dialect (`db`); on PostgreSQL their values are then
 * written into the text, each quoted by the PostgreSQL client, so that several go in one round
 * trip.
 */
export interface BatchHandler<P> {
	/**
	 * Statements run after the batch's devices are locked (in the same round trip on PostgreSQL):
	 * they take the locks the mutation needs, in a fixed order, and read what `decide` needs.
	 * On PostgreSQL each runs with a snapshot of its own, taken when it starts.
	 */
	look(items: BatchItem<P>[], db: Kysely<DB>, dialect: DialectName): CompiledQuery[];
	/**
	 * Each item's outcome (or the Rejection it meets), in order, from the rows `look` read; the
	 * writes go to `write` and `changes`, nothing is written before this returns.
	 */
	decide(
		items: BatchItem<P>[],
		rows: Record<string, unknown>[][],
		out: { write(statement: CompiledQuery): void; changes: ChangeRecorder },
		db: Kysely<DB>,
		dialect: DialectName
	): (string | Rejection)[];
}

/**
 * An audience of the change log: everyone, one resident's devices, the devices following a
 * neighbourhood ("n:<id>"), or one device catching up on a neighbourhood it just joined
 * ("d:<clientId>", copies of that neighbourhood's rows, dropped once the device has them).
 */
export type Audience = '*' | `r:${string}` | `n:${string}` | `d:${string}`;

export const neighbourhoodAudience = (id: string): Audience => `n:${id}`;
export const deviceAudience = (clientId: string): Audience => `d:${clientId}`;
/** Whether the audience sees shared (not personal) records: everyone's, a neighbourhood's. */
export const isSharedAudience = (audience: Audience) =>
	audience === '*' || audience.startsWith('n:') || audience.startsWith('d:');

export interface CollectionHandler {
	name: string;
	/** The records as this audience may see them; ids absent from the map are tombstones. */
	read(trx: Transaction<DB>, ids: string[], audience: Audience): Promise<Map<string, unknown>>;
}

export interface SyncRegistry {
	mutations: Map<string, MutationHandler>;
	collections: Map<string, CollectionHandler>;
	/** Types this version no longer accepts on purpose: rejected (`unknown_type`), not retried. */
	retiredTypes: Set<string>;
	/** Collections this version no longer serves on purpose: their rows are sent as tombstones. */
	retiredCollections: Set<string>;
}

/**
 * A push or a pull holding something this version of the server does not know, nor lists as
 * retired: a newer version, sharing the database during an upgrade, made it. Nothing final may be
 * answered about it (neither `unknown_type` nor a tombstone): the request is answered
 * `503 retry` as a whole and the phone sends it again, to a newer process or after the upgrade.
 */
export class NewerVersionError extends Error {
	constructor(
		readonly what: 'type' | 'collection',
		readonly value: string
	) {
		super(`unknown ${what} ${value.slice(0, 64)}: written by a newer version of Linli?`);
		this.name = 'NewerVersionError';
	}
}

export function createRegistry(
	mutations: MutationHandler<never>[],
	collections: CollectionHandler[],
	retired: { types?: string[]; collections?: string[] } = {}
): SyncRegistry {
	return {
		mutations: new Map(mutations.map((m) => [m.type, m as unknown as MutationHandler])),
		collections: new Map(collections.map((c) => [c.name, c])),
		retiredTypes: new Set(retired.types),
		retiredCollections: new Set(retired.collections)
	};
}

export const residentAudience = (residentId: string): Audience => `r:${residentId}`;
