/** The volunteer's records on this phone, as Svelte state (kept current by live queries). */
import { live } from '$lib/db/live.svelte';
import type { SyncedRecord } from '$lib/db/schema';
import type {
	NoticeRecord,
	SignupRecord,
	TaskPrivate,
	TaskPublic,
	VolunteerProfile,
	VolunteerStatusRecord
} from '$shared/volunteer';

export interface Synced<T> {
	data: T;
	state: SyncedRecord['state'];
	rejection?: SyncedRecord['rejection'];
}

export interface VolunteerData {
	loaded: boolean;
	profile?: Synced<VolunteerProfile>;
	status?: VolunteerStatusRecord;
	tasks: TaskPublic[];
	addresses: Map<string, string>;
	/** Contact phones of tasks this resident holds a confirmed place on (task id → phone). */
	contactPhones: Map<string, string>;
	signups: Synced<SignupRecord>[];
	notices: NoticeRecord[];
	certificates: Synced<{ token: string; at: number }>[];
	/** "Delete my data" was chosen and has not reached the server yet. */
	deleting: boolean;
}

const EMPTY: VolunteerData = {
	loaded: false,
	tasks: [],
	addresses: new Map(),
	contactPhones: new Map(),
	signups: [],
	notices: [],
	certificates: [],
	deleting: false
};

const synced = <T>(row: SyncedRecord): Synced<T> => ({
	data: row.data as T,
	state: row.state,
	...(row.rejection ? { rejection: row.rejection } : {})
});

export function volunteerData() {
	return live(
		() => null,
		async (db): Promise<VolunteerData> => {
			const rows = await db.records
				.where('collection')
				.anyOf([
					'volunteer',
					'volunteerStatus',
					'task',
					'taskPrivate',
					'signup',
					'notice',
					'certificate'
				])
				.toArray();
			const of = (collection: string) =>
				rows.filter((r) => r.collection === collection && r.data !== null);
			const profile = of('volunteer')[0];
			return {
				loaded: true,
				...(profile ? { profile: synced<VolunteerProfile>(profile) } : {}),
				...(of('volunteerStatus')[0]
					? { status: of('volunteerStatus')[0]!.data as VolunteerStatusRecord }
					: {}),
				tasks: of('task').map((r) => r.data as TaskPublic),
				// A plain value rebuilt on every query result, not reactive state.
				// eslint-disable-next-line svelte/prefer-svelte-reactivity
				addresses: new Map(
					of('taskPrivate').map((r) => [
						(r.data as TaskPrivate).id,
						(r.data as TaskPrivate).address
					])
				),
				// eslint-disable-next-line svelte/prefer-svelte-reactivity -- rebuilt per result, as above
				contactPhones: new Map(
					of('taskPrivate').flatMap((r) => {
						const { id, contactPhone } = r.data as TaskPrivate;
						return contactPhone ? [[id, contactPhone] as const] : [];
					})
				),
				signups: of('signup').map((r) => synced<SignupRecord>(r)),
				notices: of('notice')
					.map((r) => r.data as NoticeRecord)
					.sort((a, b) => b.at - a.at),
				certificates: of('certificate').map((r) => synced<{ token: string; at: number }>(r)),
				deleting: rows.some((r) => r.collection === 'volunteer' && r.data === null)
			};
		},
		EMPTY
	);
}
