import type * as v from 'valibot';
import type { Transaction } from 'kysely';
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
	/** Applies the mutation; returns an outcome for the UI (e.g. "waitlisted"). Throws Rejection. */
	apply(ctx: MutationContext, payload: P): Promise<string | void>;
}

/** An audience of the change log: everyone, or one resident's devices. */
export type Audience = '*' | `r:${string}`;

export interface CollectionHandler {
	name: string;
	/** The records as this audience may see them; ids absent from the map are tombstones. */
	read(trx: Transaction<DB>, ids: string[], audience: Audience): Promise<Map<string, unknown>>;
}

export interface SyncRegistry {
	mutations: Map<string, MutationHandler>;
	collections: Map<string, CollectionHandler>;
}

export function createRegistry(
	mutations: MutationHandler<never>[],
	collections: CollectionHandler[]
): SyncRegistry {
	return {
		mutations: new Map(mutations.map((m) => [m.type, m as unknown as MutationHandler])),
		collections: new Map(collections.map((c) => [c.name, c]))
	};
}

export const residentAudience = (residentId: string): Audience => `r:${residentId}`;
