import { requireUser } from '$lib/server/auth/guard';
import { serverContext } from '$lib/server/context';
import { listUsers } from '$lib/server/auth/users';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	if (!user.roles.includes('publisher')) return { reviewers: [] };
	// A publisher sends a finished pack to an administrator: say who they are.
	const { database } = await serverContext();
	const reviewers = (await listUsers(database.db))
		.filter((u) => u.roles.includes('admin') && !u.disabled)
		.map((u) => ({ name: u.name, email: u.email }));
	return { reviewers };
};
