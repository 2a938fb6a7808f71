import { error, fail } from '@sveltejs/kit';
import { serverContext } from '$lib/server/context';
import { requireUser } from '$lib/server/auth/guard';
import {
	allVersions,
	createPublishToken,
	listPublishTokens,
	ownVersions,
	revokePublishToken
} from '$lib/server/publishing/store';
import { MAX_UPLOAD_BYTES } from '$lib/server/publishing/store';
import type { Actions, PageServerLoad } from './$types';

function requirePublisherOrAdmin(event: Parameters<PageServerLoad>[0]) {
	const user = requireUser(event);
	if (!user.roles.includes('publisher') && !user.roles.includes('admin')) {
		error(403, { message: 'Forbidden', code: 'forbidden' });
	}
	return user;
}

export const load: PageServerLoad = async (event) => {
	const user = requirePublisherOrAdmin(event);
	const { db } = (await serverContext()).database;
	const publisher = user.roles.includes('publisher');
	const admin = user.roles.includes('admin');
	return {
		publisher,
		admin,
		maxBytes: MAX_UPLOAD_BYTES,
		origin: event.url.origin,
		own: publisher ? await ownVersions(db, user.id) : [],
		tokens: publisher ? await listPublishTokens(db, user.id) : [],
		// An admin sees every version: those waiting first.
		all: admin ? await allVersions(db) : []
	};
};

export const actions: Actions = {
	createToken: async (event) => {
		const user = requireUser(event);
		if (!user.roles.includes('publisher')) return fail(403, { action: 'createToken' as const });
		const label = String((await event.request.formData()).get('label') ?? '')
			.trim()
			.slice(0, 60);
		if (!label) return fail(400, { action: 'createToken' as const, error: 'noLabel' });
		const { db } = (await serverContext()).database;
		const { token } = await createPublishToken(db, user.id, label);
		return { action: 'createToken' as const, token, label };
	},
	revokeToken: async (event) => {
		const user = requireUser(event);
		const id = String((await event.request.formData()).get('tokenId') ?? '').slice(0, 100);
		const { db } = (await serverContext()).database;
		if (!(await revokePublishToken(db, user.id, id)))
			return fail(404, { action: 'revokeToken' as const, error: 'not_found' });
		return { action: 'revokeToken' as const };
	}
};
