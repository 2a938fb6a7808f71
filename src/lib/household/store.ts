/**
 * The household's profile, kit and family plan on this phone (Dexie version 3). Nothing here is
 * ever put in the outbox, a cookie, a URL or a request: the only way out is a file the resident
 * exports themselves (plan-file.ts).
 */
import { database } from '$lib/db/db';
import { noteFlag } from '$lib/device-flags';
import type { LinliDb } from '$lib/db/schema';
import type { ChecklistItem } from '$shared/lesson';
import {
	EMPTY_PLAN,
	EMPTY_PROFILE,
	isExpiry,
	normalizePlan,
	normalizeProfile,
	type FamilyPlan,
	type HouseholdProfile,
	type KitItem
} from '$domain/household';

export async function readProfile(db: LinliDb): Promise<HouseholdProfile | undefined> {
	const row = await db.household.get('profile');
	return row ? normalizeProfile(row.value) : undefined;
}

/**
 * A change worked out from what is stored now, not from what a page last rendered: two fields
 * changed in quick succession (type, Tab, type) each start from the other's result, so neither is
 * lost while the page's live copy catches up.
 */
export type Change<T> = (current: T) => Partial<T>;

export async function updateProfile(change: Change<HouseholdProfile>) {
	const db = await database();
	await db.transaction('rw', db.household, async () => {
		const current = (await readProfile(db)) ?? EMPTY_PROFILE;
		await db.household.put({
			key: 'profile',
			value: normalizeProfile({ ...current, ...change(current) }),
			updatedAt: Date.now()
		});
	});
	// Each flag only once what it tells of is stored: the home page trusts it (device-flags.ts).
	noteFlag('household');
}

export async function readPlan(db: LinliDb): Promise<FamilyPlan> {
	const row = await db.household.get('plan');
	return row ? normalizePlan(row.value) : EMPTY_PLAN;
}

export async function savePlan(plan: FamilyPlan) {
	await updatePlan(() => plan);
}

export async function updatePlan(change: Change<FamilyPlan>) {
	const db = await database();
	await db.transaction('rw', db.household, async () => {
		const current = await readPlan(db);
		const value = normalizePlan({ ...current, ...change(current) });
		await db.household.put({ key: 'plan', value, updatedAt: Date.now() });
	});
}

export function readKit(db: LinliDb): Promise<KitItem[]> {
	return db.kit.orderBy('addedAt').toArray();
}

export function kitId(packId: string, checklistId: string, itemId: string) {
	return `${packId}/${checklistId}/${itemId}`;
}

/** Adds a lesson checklist's items to the kit; items already there keep what the resident set. */
export async function addChecklistToKit(
	packId: string,
	checklistId: string,
	items: readonly ChecklistItem[]
) {
	const db = await database();
	const now = Date.now();
	let added = 0;
	await db.transaction('rw', db.kit, async () => {
		for (const [i, item] of items.entries()) {
			const id = kitId(packId, checklistId, item.id);
			if (await db.kit.get(id)) continue;
			await db.kit.put({
				id,
				text: item.text,
				...(item.unit && item.quantity !== undefined ? { unit: item.unit } : {}),
				source: {
					packId,
					checklistId,
					itemId: item.id,
					...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
					...(item.scale ? { scale: item.scale } : {})
				},
				have: 0,
				addedAt: now + i / 1000
			});
			added++;
		}
	});
	noteFlag('household');
	return added;
}

export async function addKitItemByHand(text: string, need?: number, unit?: string) {
	const db = await database();
	const id = crypto.randomUUID();
	await db.kit.put({
		id,
		text: text.trim().slice(0, 120),
		...(need && need > 0 ? { need } : {}),
		...(unit?.trim() ? { unit: unit.trim().slice(0, 30) } : {}),
		have: 0,
		addedAt: Date.now()
	});
	noteFlag('household');
	return id;
}

export type KitPatch = Partial<Pick<KitItem, 'have' | 'expiry' | 'place'>>;

export async function updateKitItem(id: string, patch: KitPatch) {
	const db = await database();
	await db.transaction('rw', db.kit, async () => {
		const item = await db.kit.get(id);
		if (!item) return;
		const next: KitItem = { ...item };
		if (patch.have !== undefined) {
			const have = Number(patch.have);
			next.have = Number.isFinite(have) ? Math.min(100_000, Math.max(0, have)) : 0;
		}
		if ('expiry' in patch) {
			if (isExpiry(patch.expiry)) next.expiry = patch.expiry;
			else delete next.expiry;
		}
		if ('place' in patch) {
			const place = (patch.place ?? '').slice(0, 120);
			if (place.trim()) next.place = place;
			else delete next.place;
		}
		await db.kit.put(next);
	});
}

export async function removeKitItem(id: string) {
	const db = await database();
	await db.kit.delete(id);
}

/** "Delete my data" and this phone's removal: the household's profile, kit and plan go too. */
export async function clearHousehold(db: LinliDb) {
	noteFlag('household', false);
	await db.transaction('rw', db.household, db.kit, async () => {
		await db.household.clear();
		await db.kit.clear();
	});
}
