/**
 * `npx linli demo` (issue 10): fills an empty database with a demo an organizer can try Linli on —
 * two neighbourhoods with join links, an organizer account for the first, and tasks. Everything is
 * written through the same functions the app uses (tasks through the change log), so it can run
 * while the server runs and phones see the tasks at their next sync.
 *
 * The demo is a list of steps, each adding one kind of thing and saying what it made. New features
 * add their own step to DEMO_STEPS (see the marked place below).
 */
import { randomBytes } from 'node:crypto';
import type { Lang } from '../../i18n/languages';
import { createUser } from '../auth/users';
import type { Database } from '../db/connect';
import {
	createNeighbourhood,
	defaultNeighbourhoodId,
	getNeighbourhood,
	setOrganizers,
	updateNeighbourhood
} from '../neighbourhoods/store';
import { withChanges } from '../sync/write';
import { createTask } from '../volunteers/tasks';
import { seedDemoAnnouncementsAndContacts } from '../announcements/demo';
import { seedDemoEvents } from '../events/demo';
import { DEMO_TEXT } from './text';

export interface DemoContext {
	database: Database;
	lang: Lang;
	now: number;
	/** What the steps made, for the steps after them and for the summary printed at the end. */
	made: {
		neighbourhoods: { id: string; name: string; joinCode: string }[];
		organizer?: { id: string; email: string; password: string };
		tasks: number;
		announcements: number;
		contacts: number;
		events: number;
	};
}

export type DemoStep = (ctx: DemoContext) => Promise<void>;

export class DemoRefused extends Error {
	constructor(readonly reason: 'hasResidents' | 'hasDemo') {
		super(reason);
	}
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const DEMO_ORGANIZER_EMAIL = 'demo.organizer@example.org';

/**
 * Two neighbourhoods, named in the three languages, in Hong Kong. The first is the default one a
 * new database starts with (migration 0007), renamed while it holds no tasks: the demo then has
 * exactly two, and the list a resident picks from shows no empty default beside them.
 */
export const seedDemoNeighbourhoods: DemoStep = async (ctx) => {
	const db = ctx.database.db;
	const fallback = await defaultNeighbourhoodId(db);
	const reusable =
		fallback &&
		!(await db
			.selectFrom('tasks')
			.select('id')
			.where('neighbourhood_id', '=', fallback)
			.executeTakeFirst())
			? fallback
			: undefined;
	for (const [i, hood] of DEMO_TEXT.neighbourhoods.entries()) {
		const input = {
			names: hood.names,
			description: hood.description[ctx.lang],
			region: 'hk' as const,
			timeZone: 'Asia/Hong_Kong'
		};
		let id: string;
		if (i === 0 && reusable) {
			await updateNeighbourhood(db, reusable, input, ctx.now);
			id = reusable;
		} else id = await createNeighbourhood(db, input, ctx.now);
		const made = (await getNeighbourhood(ctx.database.db, id))!;
		ctx.made.neighbourhoods.push({ id, name: hood.names[ctx.lang], joinCode: made.joinCode });
	}
};

/** An organizer of the first neighbourhood, with a password made for this demo. */
export const seedDemoOrganizer: DemoStep = async (ctx) => {
	const password = `demo-${randomBytes(9).toString('base64url')}`;
	const id = await createUser(
		ctx.database.db,
		{
			email: DEMO_ORGANIZER_EMAIL,
			name: DEMO_TEXT.organizerName[ctx.lang],
			password,
			roles: ['organizer']
		},
		ctx.now
	);
	await setOrganizers(ctx.database.db, ctx.made.neighbourhoods[0]!.id, [id], ctx.now);
	ctx.made.organizer = { id, email: DEMO_ORGANIZER_EMAIL, password };
};

/** Tasks in both neighbourhoods over the coming days, in the chosen language. */
export const seedDemoTasks: DemoStep = async (ctx) => {
	const organizer = ctx.made.organizer?.id ?? 'demo';
	// Start on the next full hour so the times read naturally.
	const base = Math.ceil(ctx.now / HOUR) * HOUR;
	await withChanges(ctx.database, async (trx, changes, now) => {
		for (const task of DEMO_TEXT.tasks) {
			const hood = ctx.made.neighbourhoods[task.neighbourhood]!;
			const startsAt = base + task.inDays * DAY + task.atHour * HOUR;
			await createTask(
				trx,
				changes,
				{
					title: task.title[ctx.lang],
					place: task.place[ctx.lang],
					address: task.address[ctx.lang],
					description: task.description[ctx.lang],
					startsAt,
					endsAt: startsAt + task.hours * HOUR,
					skills: [...task.skills],
					slots: task.slots
				},
				organizer,
				now,
				hood.id
			);
			ctx.made.tasks++;
		}
	});
};

/** Announcements (one urgent) and the contacts directory of the organizer's neighbourhood. */
export const seedDemoNews: DemoStep = async (ctx) => {
	const made = await seedDemoAnnouncementsAndContacts(ctx.database, {
		neighbourhoodId: ctx.made.neighbourhoods[0]!.id,
		authorAccountId: ctx.made.organizer?.id ?? 'demo',
		now: ctx.now
	});
	ctx.made.announcements += made.announcements.length;
	ctx.made.contacts += made.contacts.length;
};

/** A balcony concert and a flash mob in the organizer's neighbourhood, with roles and sign-ups. */
export const seedDemoConcerts: DemoStep = async (ctx) => {
	const made = await seedDemoEvents(ctx.database, {
		neighbourhoodId: ctx.made.neighbourhoods[0]!.id,
		organizerAccountId: ctx.made.organizer?.id ?? 'demo',
		now: ctx.now
	});
	ctx.made.events += made.length;
};

/**
 * The demo, in order. A step reads what earlier ones made from ctx.made (the neighbourhoods, the
 * organizer); a new feature adds its own step here.
 */
export const DEMO_STEPS: DemoStep[] = [
	seedDemoNeighbourhoods,
	seedDemoOrganizer,
	seedDemoTasks,
	seedDemoNews,
	seedDemoConcerts
];

/**
 * Refuses a database that holds residents (a real server: the demo would mix with people's data)
 * or the demo already; else runs every step.
 */
export async function runDemo(
	database: Database,
	lang: Lang,
	steps: DemoStep[] = DEMO_STEPS,
	now = Date.now()
): Promise<DemoContext['made']> {
	// The demo first: its own event sign-ups are residents.
	const demo = await database.db
		.selectFrom('users')
		.select('id')
		.where('email', '=', DEMO_ORGANIZER_EMAIL)
		.execute();
	if (demo.length > 0) throw new DemoRefused('hasDemo');
	const resident = await database.db.selectFrom('residents').select('id').limit(1).execute();
	if (resident.length > 0) throw new DemoRefused('hasResidents');
	const ctx: DemoContext = {
		database,
		lang,
		now,
		made: { neighbourhoods: [], tasks: 0, announcements: 0, contacts: 0, events: 0 }
	};
	for (const step of steps) await step(ctx);
	return ctx.made;
}
