import { fail } from '@sveltejs/kit';
import { serverContext } from '$lib/server/context';
import { requireRole } from '$lib/server/auth/guard';
import {
	createInvite,
	createPasswordReset,
	INVITE_DAYS,
	pendingInvites,
	RESET_HOURS,
	revokeInvite
} from '$lib/server/auth/tokens';
import { AccountError, listUsers, setRoles, unlockUser } from '$lib/server/auth/users';
import { audit } from '$lib/server/audit';
import { isRole, type Role } from '$lib/server/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const { database } = await serverContext();
	return {
		users: await listUsers(database.db),
		invites: await pendingInvites(database.db),
		inviteDays: INVITE_DAYS,
		resetHours: RESET_HOURS
	};
};

const rolesFrom = (form: FormData): Role[] => form.getAll('roles').map(String).filter(isRole);

export const actions: Actions = {
	invite: async (event) => {
		const admin = requireRole(event, 'admin');
		const form = await event.request.formData();
		const roles = rolesFrom(form);
		if (roles.length === 0)
			return fail(400, { action: 'invite' as const, error: 'noRoles', roles });
		const email =
			String(form.get('email') ?? '')
				.trim()
				.slice(0, 254) || null;
		const { db } = (await serverContext()).database;
		const { token } = await createInvite(db, admin.id, roles, email);
		await audit(db, admin.id, 'invite.create', { roles: roles.join(',') });
		// Said back to the admin, and the roles stay chosen for the next invitation.
		return {
			action: 'invite' as const,
			link: `${event.url.origin}/staff/accept-invite#token=${token}`,
			email,
			roles
		};
	},
	revoke: async (event) => {
		const admin = requireRole(event, 'admin');
		const id = String((await event.request.formData()).get('inviteId') ?? '');
		const { db } = (await serverContext()).database;
		if (!(await revokeInvite(db, id)))
			return fail(404, { action: 'revoke' as const, error: 'not_found' });
		await audit(db, admin.id, 'invite.revoke', {});
		return { action: 'revoke' as const };
	},
	roles: async (event) => {
		const admin = requireRole(event, 'admin');
		const form = await event.request.formData();
		const userId = String(form.get('userId') ?? '');
		const { db } = (await serverContext()).database;
		try {
			await setRoles(db, userId, rolesFrom(form));
		} catch (error) {
			if (error instanceof AccountError)
				return fail(400, { action: 'roles' as const, userId, error: error.code });
			throw error;
		}
		await audit(db, admin.id, 'user.roles', { user: userId });
		return { action: 'roles' as const, userId };
	},
	unlock: async (event) => {
		const admin = requireRole(event, 'admin');
		const userId = String((await event.request.formData()).get('userId') ?? '');
		const { db } = (await serverContext()).database;
		await unlockUser(db, userId);
		await audit(db, admin.id, 'user.unlock', { user: userId });
		return { action: 'unlock' as const, userId };
	},
	reset: async (event) => {
		const admin = requireRole(event, 'admin');
		const userId = String((await event.request.formData()).get('userId') ?? '');
		const { db } = (await serverContext()).database;
		const exists = await db
			.selectFrom('users')
			.select('id')
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!exists) return fail(404, { action: 'reset' as const, userId, error: 'not_found' });
		const { token } = await createPasswordReset(db, userId, admin.id);
		await audit(db, admin.id, 'user.resetLink', { user: userId });
		return {
			action: 'reset' as const,
			userId,
			link: `${event.url.origin}/staff/reset-password#token=${token}`
		};
	}
};
