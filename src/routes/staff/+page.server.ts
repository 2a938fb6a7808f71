import { requireUser } from '$lib/server/auth/guard';
import { serverContext } from '$lib/server/context';
import { listUsers } from '$lib/server/auth/users';
import { staffScope } from '$lib/server/neighbourhoods/scope';
import { staffHome, type StaffHome } from '$lib/server/neighbourhoods/staff-home';
import { countLiveUrgent } from '$lib/server/announcements/store';
import { canOrganize } from '$shared/roles';
import type { PageServerLoad } from './$types';

/**
 * The staff home page. For organizers and admins: the morning view of their neighbourhoods.
 *
 * `urgentAnnouncements`: the urgent announcements live in the staff member's neighbourhoods, shown
 * first among what needs attention.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { database } = await serverContext();
	let home: (StaffHome & { urgentAnnouncements?: number }) | undefined;
	if (canOrganize(user.roles)) {
		const { timeZone } = await event.parent();
		const scope = await staffScope(database.db, user);
		home = await staffHome(database.db, scope, timeZone);
		home.urgentAnnouncements = await countLiveUrgent(
			database.db,
			scope.all ? undefined : scope.ids
		);
	}
	if (!user.roles.includes('publisher')) return { reviewers: [], home };
	// A publisher sends a finished pack to an administrator: say who they are.
	const reviewers = (await listUsers(database.db))
		.filter((u) => u.roles.includes('admin') && !u.disabled)
		.map((u) => ({ name: u.name, email: u.email }));
	return { reviewers, home };
};
