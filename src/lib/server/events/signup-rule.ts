/**
 * The rule of one event sign-up, shared by the handler that applies it alone (mutations.ts) and
 * the one that applies many at once (signup-batch.ts), so both answer alike: the refusals, the
 * answer to a resend, and the place (lib/domain/capacity).
 */
import { admit } from '../../domain/capacity';
import { Rejection } from '../sync/types';

/** Sign-ups one phone may make in an hour (stored rows: every server process counts the same). */
export const SIGNUPS_PER_DEVICE_HOUR = 30;

/** What the look that takes an event's lock finds about one sign-up (see eventSignUp). */
export interface SignUpSeen {
	/** The resident who sent a sign-up with this id before, and the place it got. */
	sentBy: string | null;
	sentStatus: string | null;
	/** This phone's sign-ups in the last hour. */
	recent: number | string | null;
	/** The resident's active sign-up for this event, if any. */
	mine: string | null;
}

/** An event and one of its roles, read after the event's lock is held. */
export interface SignUpPlaces {
	status: string;
	signup_deadline: number;
	neighbourhood_id: string;
	role_id: string | null;
	capacity: number | null;
	/** People confirmed in the role, and how many sign-ups wait for it. */
	confirmed: number | string | null;
	waiting: number | string | null;
}

/**
 * The refusals that come before the places are read, or the earlier answer to the same sign-up
 * sent again (`repeated`); undefined when it is a new sign-up to place. Used by the sign-up
 * handler and by the batched path (signup-batch.ts), so both answer alike.
 */
export function checkSignUp(
	seen: SignUpSeen | undefined,
	residentId: string
): { repeated: string } | undefined {
	if (!seen) throw new Rejection('event_not_found');
	if (seen.sentBy) {
		if (seen.sentBy !== residentId) throw new Rejection('forbidden');
		return { repeated: seen.sentStatus! };
	}
	if (Number(seen.recent) >= SIGNUPS_PER_DEVICE_HOUR) throw new Rejection('event_too_many_signups');
	if (seen.mine) throw new Rejection('event_already_signed_up');
	return undefined;
}

/** The place a new sign-up gets (lib/domain/capacity's rule), or the refusal of the event's state. */
export function placeFor(
	found: SignUpPlaces | undefined,
	partySize: number,
	now: number
): 'confirmed' | 'waitlisted' {
	if (!found || found.status === 'draft') throw new Rejection('event_not_found');
	if (found.status === 'cancelled') throw new Rejection('event_cancelled');
	if (now > found.signup_deadline) throw new Rejection('event_signup_closed');
	if (!found.role_id) throw new Rejection('event_role_not_found');
	const places = [
		{
			id: 'confirmed',
			status: 'confirmed' as const,
			order: 0,
			size: Number(found.confirmed ?? 0)
		},
		...(Number(found.waiting ?? 0) > 0
			? [{ id: 'waiting', status: 'waitlisted' as const, order: 1 }]
			: [])
	];
	return admit(places, found.capacity ?? Infinity, partySize);
}
