/**
 * What every mutation passes before it is applied, alone (push.ts) or in a batch (batch.ts): the
 * sender may send this type, and the payload has the type's shape.
 */
import * as v from 'valibot';
import type { Mutation, MutationResult } from '../../shared/sync';
import { canOrganize } from '../roles';
import type { Actor, MutationHandler } from './types';

export function allowed(handler: MutationHandler, actor: Actor) {
	return handler.allow.some(
		(sender) =>
			sender === 'resident' ||
			(sender === 'organizer' && canOrganize(actor.roles)) ||
			(sender === 'admin' && actor.roles.includes('admin'))
	);
}

/** The checked payload, or the refusal to answer (the seq still advances). */
export function checkMutation(
	handler: MutationHandler,
	actor: Actor,
	mutation: Mutation
): { input: unknown } | { refused: MutationResult } {
	const { seq } = mutation;
	if (!allowed(handler, actor)) return { refused: { status: 'rejected', seq, code: 'forbidden' } };
	const parsed = v.safeParse(handler.payload, mutation.payload);
	if (!parsed.success) {
		const issue = parsed.issues[0];
		const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
		return {
			refused: { status: 'rejected', seq, code: 'invalid', params: { path: path.slice(0, 100) } }
		};
	}
	return { input: parsed.output };
}
