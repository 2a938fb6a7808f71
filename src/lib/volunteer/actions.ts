/**
 * What a resident does as a volunteer, on the phone first: each action saves the record and its
 * outbox entry together, then asks the sync service to send it.
 */
import { database } from '$lib/db/db';
import { clearHousehold } from '$lib/household/store';
import { forgetEventSignUps } from '$lib/events/actions';
import { commitLocalChange, recordKey } from '$lib/sync/local-change';
import { sync } from '$lib/sync/service.svelte';
import type { SignupRecord, VolunteerProfile } from '$shared/volunteer';

export const VOLUNTEER = 'volunteer';
export const SIGNUP = 'signup';

async function done<T>(result: T): Promise<T> {
	sync.afterLocalChange();
	return result;
}

export async function saveProfile(profile: VolunteerProfile) {
	const db = await database();
	await db.transaction('rw', db.records, db.outbox, db.syncMeta, async () => {
		await commitLocalChange(db, {
			collection: VOLUNTEER,
			id: profile.id,
			data: profile,
			mutation: { type: 'volunteer.save', payload: profile }
		});
		// Show "active" at once, before the server answers (the server's status replaces it).
		const status = await db.records.get(['volunteerStatus', profile.id]);
		if (status?.data && (status.data as { status?: string }).status === 'withdrawn') {
			await db.records.put({ ...status, data: { ...(status.data as object), status: 'active' } });
		}
	});
	return done(undefined);
}

export async function withdraw(profileId: string) {
	const db = await database();
	await db.transaction('rw', db.records, db.outbox, db.syncMeta, async () => {
		const status = await db.records.get(['volunteerStatus', profileId]);
		await commitLocalChange(db, {
			collection: 'volunteerStatus',
			id: profileId,
			data: {
				...((status?.data as object) ?? { id: profileId, verified: false }),
				status: 'withdrawn'
			},
			mutation: { type: 'volunteer.withdraw', payload: { id: profileId } }
		});
	});
	return done(undefined);
}

/**
 * "Delete my data": removed from this phone now (the registration, and any copy of it still
 * waiting in the outbox or kept with a refused change, and the household's profile, kit and
 * plan), and from the server when it arrives.
 */
export async function deleteMyData(profileId: string) {
	const db = await database();
	const key = recordKey(VOLUNTEER, profileId);
	await db.transaction('rw', db.records, db.outbox, db.syncMeta, db.syncIssues, async () => {
		// A registration not yet sent must not be sent now: keep its place in the sequence, empty.
		for (const entry of await db.outbox.where('recordKey').equals(key).toArray()) {
			if (entry.type === 'volunteer.save')
				await db.outbox.put({ ...entry, type: 'sync.noop', payload: {} });
		}
		await db.syncIssues.filter((issue) => issue.recordKey === key).delete();
		await commitLocalChange(db, {
			collection: VOLUNTEER,
			id: profileId,
			data: null,
			mutation: { type: 'volunteer.delete', payload: { id: profileId } }
		});
		const row = await db.records.get([VOLUNTEER, profileId]);
		if (row) {
			const { serverData: _, rejection: __, ...rest } = row;
			await db.records.put({ ...rest, serverData: null });
		}
	});
	// The household's profile, kit and plan live on this phone only: they go now (issue 14).
	await clearHousehold(db);
	// Event sign-ups (name, building, unit) go too (issue 12).
	await forgetEventSignUps();
	return done(undefined);
}

export async function signUp(taskId: string) {
	const db = await database();
	const id = crypto.randomUUID();
	const record: SignupRecord = { id, taskId, status: 'waitlisted' };
	await commitLocalChange(db, {
		collection: SIGNUP,
		id,
		data: record,
		mutation: { type: 'signup.create', payload: { id, taskId } }
	});
	return done(id);
}

async function updateSignup(
	id: string,
	change: Partial<SignupRecord>,
	mutation: { type: string; payload: unknown }
) {
	const db = await database();
	const row = await db.records.get([SIGNUP, id]);
	if (!row) return;
	await commitLocalChange(db, {
		collection: SIGNUP,
		id,
		data: { ...(row.data as SignupRecord), ...change },
		mutation
	});
	return done(undefined);
}

export const cancelSignup = (id: string) =>
	updateSignup(id, { status: 'cancelled' }, { type: 'signup.cancel', payload: { id } });

export function checkIn(id: string, at = Date.now()) {
	return updateSignup(id, { checkInAt: at }, { type: 'signup.checkIn', payload: { id, at } });
}

export async function checkOut(id: string, at = Date.now()) {
	const db = await database();
	const row = await db.records.get([SIGNUP, id]);
	const checkInAt = (row?.data as SignupRecord | undefined)?.checkInAt;
	const minutes = checkInAt ? Math.max(0, Math.round((at - checkInAt) / 60_000)) : undefined;
	return updateSignup(
		id,
		{ checkOutAt: at, ...(minutes !== undefined ? { minutes } : {}) },
		{ type: 'signup.checkOut', payload: { id, at } }
	);
}

/** A certificate link: the token is made here, so it works offline and reaches the server later. */
export async function issueCertificate(): Promise<string> {
	const db = await database();
	const bytes = crypto.getRandomValues(new Uint8Array(24));
	const token = btoa(String.fromCharCode(...bytes))
		.replace(/\+/g, '-')
		.replace(/\//g, '_')
		.replace(/=+$/, '');
	await commitLocalChange(db, {
		collection: 'certificate',
		id: token,
		data: { token, at: Date.now() },
		mutation: { type: 'certificate.issue', payload: { token } }
	});
	return done(token);
}
