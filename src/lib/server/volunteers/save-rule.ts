/**
 * The rules of saving a volunteer's own record, shared by the push applied alone (volunteerSave in
 * ./mutations.ts) and the batch (./save-batch.ts).
 */
import { Rejection } from '../sync/types';

/**
 * The resident's own row among `found` (the rows with the record's id or the resident's), or
 * undefined for a new volunteer. Refuses another resident's record ("forbidden") and a second
 * record for one resident ("already_registered").
 */
export function ownRecord<R extends { id: string; resident_id: string }>(
	found: readonly R[],
	id: string,
	residentId: string
): R | undefined {
	const taken = found.find((row) => row.id === id);
	if (taken && taken.resident_id !== residentId) throw new Rejection('forbidden');
	const mine = found.find((row) => row.resident_id === residentId);
	if (mine && mine.id !== id) throw new Rejection('already_registered');
	return mine;
}

/** Whether two lists of roster tags hold the same tags. */
export const sameTags = (a: string[], b: string[]) =>
	a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
