// Test databases and data for the server benchmarks: SQLite in a temporary folder, PostgreSQL in a
// database of its own on the local server (created and dropped here).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/lib/server/db/connect';
import { migrate } from '../../src/lib/server/db/migrate';
import { createSession } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { sql, type Insertable } from 'kysely';
import type { ResidentsTable } from '../../src/lib/server/db/schema';
import type { VolunteersTable } from '../../src/lib/server/db/volunteer-schema';
import {
	CONSENT_VERSION,
	DAYS,
	PARTS,
	SKILLS,
	SPOKEN_LANGUAGES,
	type VolunteerProfile
} from '../../src/lib/shared/volunteer';
import { rowValues, tagsOf } from '../../src/lib/server/volunteers/rows';

export interface BenchDatabase {
	name: 'SQLite' | 'PostgreSQL';
	/** Environment for the app server. */
	env: Record<string, string>;
	open(): Promise<Database>;
	drop(): Promise<void>;
}

export const PG_ADMIN_URL =
	process.env.BENCH_PG_URL ??
	process.env.TEST_DATABASE_URL ??
	'postgres://postgres@127.0.0.1:5432/postgres';

export function sqliteBench(): BenchDatabase {
	const dir = mkdtempSync(join(tmpdir(), 'linli-bench-'));
	return {
		name: 'SQLite',
		env: { DATA_DIR: dir },
		open: () => openDatabase({ sqlitePath: join(dir, 'linli.sqlite') }),
		drop: async () => rmSync(dir, { recursive: true, force: true })
	};
}

/** A fresh PostgreSQL database, or undefined (with the reason printed) when none is reachable. */
export async function postgresBench(): Promise<BenchDatabase | undefined> {
	const name = `linli_bench_${Date.now().toString(36)}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	try {
		await admin.connect();
		await admin.query(`create database ${name}`);
	} catch (error) {
		console.warn(`[skipped] PostgreSQL benchmarks: ${(error as Error).message} (set BENCH_PG_URL)`);
		return undefined;
	} finally {
		await admin.end().catch(() => {});
	}
	const url = new URL(PG_ADMIN_URL);
	url.pathname = `/${name}`;
	return {
		name: 'PostgreSQL',
		env: { DATABASE_URL: url.toString() },
		open: () => openDatabase({ databaseUrl: url.toString(), sqlitePath: '' }),
		drop: async () => {
			const client = new pg.Client({ connectionString: PG_ADMIN_URL });
			await client.connect();
			await client.query(`drop database if exists ${name} with (force)`);
			await client.end();
		}
	};
}

/**
 * Runs one benchmark on each database there is (SQLite, and PostgreSQL when reachable), each on
 * a port of its own from basePort, dropping the database afterwards.
 */
export async function onEachDatabase<T>(
	basePort: number,
	run: (target: BenchDatabase, port: number) => Promise<T>
): Promise<Record<string, T>> {
	const results: Record<string, T> = {};
	// BENCH_ONLY=sqlite or postgres runs one of the two (while working on one).
	const only = process.env.BENCH_ONLY?.toLowerCase();
	const targets = [
		only === 'postgres' ? undefined : sqliteBench(),
		only === 'sqlite' ? undefined : await postgresBench()
	].filter((t): t is BenchDatabase => t !== undefined);
	for (const [i, target] of targets.entries()) {
		try {
			results[target.name] = await run(target, basePort + i);
		} finally {
			await target.drop();
		}
	}
	return results;
}

/** An organizer session cookie, straight in the database. */
export async function organizerCookie(database: Database): Promise<string> {
	await migrate(database);
	const id = await createUser(database.db, {
		email: `bench-${randomUUID()}@example.org`,
		name: 'Bench',
		password: 'benchmarks need a long phrase',
		roles: ['organizer']
	});
	const { token } = await createSession(database.db, id);
	return `linli_session=${token}`;
}

/** Deterministic pseudo-random numbers, so every run seeds the same roster. */
function rng(seed: number) {
	return () => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed / 0x7fffffff;
	};
}

const SURNAMES = [
	'陳',
	'李',
	'張',
	'黃',
	'王',
	'林',
	'吳',
	'劉',
	'Chan',
	'Wong',
	'Lee',
	'Cheung',
	'Ho',
	'Lam'
];
const GIVEN = [
	'大文',
	'美玲',
	'志明',
	'嘉欣',
	'Ka Yan',
	'Tai Man',
	'Mei',
	'Siu Ming',
	'小芳',
	'建國'
];

/** Inserts `count` volunteers (with their search facets) directly, in batches. */
export async function seedVolunteers(database: Database, count: number) {
	await migrate(database);
	const random = rng(42);
	const pick = <T>(items: readonly T[], n: number) =>
		[...items].sort(() => random() - 0.5).slice(0, n);
	const now = Date.now();
	for (let start = 0; start < count; start += 500) {
		const residents: Insertable<ResidentsTable>[] = [];
		const volunteers: Insertable<VolunteersTable>[] = [];
		const tags: { volunteer_id: string; tag: string }[] = [];
		for (let i = start; i < Math.min(count, start + 500); i++) {
			const residentId = randomUUID();
			const profile = {
				id: randomUUID(),
				name: `${SURNAMES[Math.floor(random() * SURNAMES.length)]} ${GIVEN[Math.floor(random() * GIVEN.length)]} ${i}`,
				phone: `+852 9${String(1000000 + i).slice(1)}`,
				email: `v${i}@example.org`,
				building: `Block ${1 + Math.floor(random() * 30)}`,
				unit: `${1 + Math.floor(random() * 40)}F`,
				skills: pick(SKILLS, 1 + Math.floor(random() * 3)),
				firstAidCertified: random() < 0.3,
				hasCar: random() < 0.2,
				skillsOther: '',
				languages: pick(SPOKEN_LANGUAGES, 1 + Math.floor(random() * 2)),
				availability: pick(
					DAYS.flatMap((d) => PARTS.map((p) => `${d}-${p}` as const)),
					2 + Math.floor(random() * 6)
				),
				maxHoursPerWeek: Math.floor(random() * 10),
				notes: '',
				consentVersion: CONSENT_VERSION,
				consentAt: now
			} satisfies VolunteerProfile;
			residents.push({ id: residentId, created_at: now });
			volunteers.push({
				id: profile.id,
				resident_id: residentId,
				...rowValues(profile),
				status: (random() < 0.1 ? 'withdrawn' : 'active') as 'active' | 'withdrawn',
				withdrawn_at: null,
				created_at: now,
				updated_at: now
			});
			for (const tag of tagsOf(profile)) tags.push({ volunteer_id: profile.id, tag });
		}
		await database.db.transaction().execute(async (trx) => {
			await trx.insertInto('residents').values(residents).execute();
			await trx.insertInto('volunteers').values(volunteers).execute();
			for (let i = 0; i < tags.length; i += 1000)
				await trx
					.insertInto('volunteer_tags')
					.values(tags.slice(i, i + 1000))
					.execute();
		});
	}
	// Table statistics, as autovacuum gathers them within a minute of a bulk import (and SQLite's
	// planner needs none): without them PostgreSQL picks a nested loop and takes 2–3 times longer.
	if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
}
