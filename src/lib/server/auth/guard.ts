import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { canOrganize, type Role } from '../roles';
import type { StaffUser } from './sessions';

/** The signed-in staff member, or a redirect to sign in (and back here afterwards). */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): StaffUser {
	const user = event.locals.user;
	if (!user) redirect(303, `/staff/sign-in?next=${encodeURIComponent(event.url.pathname)}`);
	return user;
}

export function requireRole(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	role: Role | 'organize'
): StaffUser {
	const user = requireUser(event);
	const ok = role === 'organize' ? canOrganize(user.roles) : user.roles.includes(role);
	if (!ok) error(403, { message: 'Forbidden', code: 'forbidden' });
	return user;
}

/** Only paths inside the staff area are followed after signing in. */
export function safeNext(next: string | null): string {
	return next && /^\/staff(\/[\w/-]*)?$/.test(next) ? next : '/staff';
}
