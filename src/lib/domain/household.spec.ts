import { describe, expect, it } from 'vitest';
import {
	EMPTY_PLAN,
	EMPTY_PROFILE,
	applies,
	expiryStatus,
	kitReminders,
	missingOf,
	needOf,
	neededQuantity,
	normalizePlan,
	normalizeProfile,
	peopleIn,
	planNumbers,
	readiness,
	type FamilyPlan,
	type HouseholdProfile,
	type KitItem
} from './household';

const water = { quantity: 4 }; // the water lesson: 4 litres per person per day (no scale given)
const formula = { quantity: 1, scale: 'infant-day' as const };
const petFood = { quantity: 0.2, scale: 'pet-day' as const };
const radio = { quantity: 1, scale: 'household' as const };
const whistle = { quantity: 1, scale: 'person' as const };

function profile(p: Partial<HouseholdProfile>): HouseholdProfile {
	return { ...EMPTY_PROFILE, ...p };
}

function kitItem(p: Partial<KitItem> & { id: string }): KitItem {
	return { text: p.id, have: 0, addedAt: 0, ...p };
}

const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12).getTime();

describe('household quantities', () => {
	it('scales per person per day by default (packs written before scale existed)', () => {
		const two = profile({ adults: 2 });
		expect(neededQuantity(water, two)).toBe(24);
		expect(neededQuantity({ ...water, scale: 'person-day' }, two)).toBe(24);
		expect(neededQuantity({}, two)).toBeUndefined();
	});

	it('counts infants as people for water and alone for formula', () => {
		const family = profile({ adults: 2, infants: 1 });
		expect(peopleIn(family)).toBe(3);
		expect(neededQuantity(water, family)).toBe(36);
		expect(neededQuantity(formula, family)).toBe(3);
		expect(neededQuantity(formula, profile({ adults: 2, infants: 2 }), 7)).toBe(14);
		// A home with no baby needs no formula, and the item is not shown as missing.
		expect(neededQuantity(formula, profile({ adults: 2 }))).toBe(0);
		expect(applies(formula, profile({ adults: 2 }))).toBe(false);
		expect(applies(formula, family)).toBe(true);
	});

	it('sizes pet items by pets and days, household items once, person items per person', () => {
		const home = profile({ adults: 1, olderPeople: 1, children: [8], pets: 2 });
		expect(neededQuantity(petFood, home)).toBe(1.2);
		expect(neededQuantity(petFood, { ...home, pets: 0 })).toBe(0);
		expect(applies(petFood, { ...home, pets: 0 })).toBe(false);
		expect(neededQuantity(radio, home)).toBe(1);
		expect(neededQuantity(whistle, home)).toBe(3);
		expect(neededQuantity({ quantity: 1, scale: 'pet' }, home)).toBe(2);
		expect(neededQuantity({ quantity: 6, scale: 'infant' }, home)).toBe(0);
	});

	it('follows the days chosen: seven and fourteen days', () => {
		const four = profile({ adults: 2, children: [6, 9] });
		expect(neededQuantity(water, { ...four, days: 7 })).toBe(112); // the lesson's own table
		expect(neededQuantity(water, { ...four, days: 14 })).toBe(224);
		expect(neededQuantity(water, four, 7)).toBe(112);
		expect(neededQuantity(radio, { ...four, days: 14 })).toBe(1);
		expect(neededQuantity(whistle, { ...four, days: 14 })).toBe(4);
	});

	it('rounds up, never leaving a household short', () => {
		expect(neededQuantity({ quantity: 0.33 }, profile({ adults: 1 }))).toBe(1);
		expect(neededQuantity({ quantity: 0.34, scale: 'person' }, profile({ adults: 1 }))).toBe(0.4);
	});

	it('normalizes a stored or imported profile', () => {
		const p = normalizeProfile({
			adults: '3',
			children: [1, 30, 'x'],
			infants: -2,
			pets: 1e9,
			days: 10,
			homeType: 'castle',
			floor: '12',
			extra: 'dropped'
		});
		expect(p).toEqual({
			adults: 3,
			children: [2, 17, 2],
			olderPeople: 0,
			infants: 0,
			pets: 20,
			medication: 0,
			mobility: 0,
			days: 3,
			floor: 12
		});
		expect(normalizeProfile({ days: 14, homeType: 'flat' })).toMatchObject({
			days: 14,
			homeType: 'flat'
		});
	});

	it('keeps quantities when the region changes; the plan card takes the new numbers', () => {
		const home = profile({ adults: 2, infants: 1, days: 7 });
		// The region is not part of the profile: amounts are the same wherever the home is.
		expect(neededQuantity(water, home)).toBe(84);
		expect(planNumbers('tw')).toEqual([
			{ service: 'ambulance', number: '119' },
			{ service: 'fire', number: '119' },
			{ service: 'police', number: '110' }
		]);
		expect(planNumbers('hk').map((n) => n.number)).toEqual(['999', '999', '999']);
		expect(planNumbers('cn').find((n) => n.service === 'ambulance')?.number).toBe('120');
		expect(planNumbers('other')).toEqual([]);
		expect(planNumbers(undefined)).toEqual([]);
	});
});

describe('kit', () => {
	const p = profile({ adults: 2 });
	const waterItem = kitItem({
		id: 'w',
		text: 'Drinking water',
		unit: 'litres',
		source: { packId: 'home-preparedness', checklistId: 'c', itemId: 'drinking-water', quantity: 4 }
	});

	it('needs what the lesson sizes, or 1, or what the resident typed', () => {
		expect(needOf(waterItem, p)).toBe(24);
		expect(missingOf({ ...waterItem, have: 18 }, p)).toBe(6);
		expect(missingOf({ ...waterItem, have: 30 }, p)).toBe(0);
		expect(needOf(kitItem({ id: 'x' }), p)).toBe(1);
		expect(needOf(kitItem({ id: 'x', need: 5 }), p)).toBe(5);
	});

	it('treats a month of expiry as any day of that month', () => {
		const now = at(2026, 11, 29);
		expect(expiryStatus(undefined, now)).toBe('none');
		expect(expiryStatus('2026-13', now)).toBe('none');
		expect(expiryStatus('2026-10', now)).toBe('expired');
		expect(expiryStatus('2026-11', now)).toBe('soon'); // may expire tomorrow
		expect(expiryStatus('2026-12', now)).toBe('soon'); // begins within 30 days
		expect(expiryStatus('2027-01', now)).toBe('ok');
		expect(expiryStatus('2027-01', at(2026, 12, 5))).toBe('soon');
		expect(expiryStatus('2026-12', at(2027, 1, 1))).toBe('expired');
	});

	it('reminds of what expires soon and what is missing, not of items the home does not need', () => {
		const now = at(2026, 11, 29);
		const items = [
			{ ...waterItem, have: 24, expiry: '2026-12' },
			kitItem({ id: 'torch', text: 'Torch', have: 1, expiry: '2026-08' }),
			kitItem({ id: 'radio', text: 'Radio', have: 0 }),
			kitItem({
				id: 'formula',
				text: 'Formula',
				source: { packId: 'p', checklistId: 'c', itemId: 'formula', ...formula }
			}),
			kitItem({ id: 'bag', text: 'Bag', have: 1, expiry: '2028-01' })
		];
		const r = kitReminders(items, p, now);
		expect(r.soon.map((i) => i.id)).toEqual(['w']);
		expect(r.expired.map((i) => i.id)).toEqual(['torch']);
		expect(r.missing.map((i) => i.id)).toEqual(['radio']);
		const withBaby = kitReminders(items, { ...p, infants: 1 }, now);
		// A baby drinks water too: 3 people × 4 litres × 3 days = 36 > 24.
		expect(withBaby.missing.map((i) => i.id)).toEqual(['w', 'radio', 'formula']);
	});
});

describe('readiness score', () => {
	const now = at(2026, 11, 29);
	const p = profile({ adults: 2 });
	const fullPlan: FamilyPlan = {
		members: [{ name: 'Mei', phone: '0912 345 678' }],
		outOfArea: { name: 'Aunt Lin', phone: '02 1234 5678' },
		meetNear: 'The park gate',
		meetFar: 'The temple square',
		shelter: 'Primary school hall',
		medical: '',
		kitPlace: 'By the front door'
	};
	const waterItem = (have: number): KitItem =>
		kitItem({
			id: 'w',
			text: 'Drinking water',
			unit: 'litres',
			have,
			source: { packId: 'p', checklistId: 'c', itemId: 'drinking-water', quantity: 4 }
		});

	it('starts at zero with a first step for every part, never a negative', () => {
		const r = readiness({
			lessons: { mastered: 0, total: 6, nextTitle: 'Your emergency kit' },
			kit: [],
			plan: EMPTY_PLAN,
			profile: p,
			now
		});
		expect(r.score).toBe(0);
		expect(r.parts.map((x) => x.id)).toEqual(['lessons', 'kit', 'plan', 'fresh']);
		expect(r.parts.every((x) => x.next)).toBe(true);
		expect(r.parts[0]!.next).toEqual({
			key: 'household:next.lesson',
			params: { title: 'Your emergency kit' }
		});
		expect(r.parts[2]!.next).toEqual({ key: 'household:next.plan.members' });
	});

	it('is 100 only when everything is done, and then has no next steps', () => {
		const r = readiness({
			lessons: { mastered: 6, total: 6 },
			kit: [waterItem(24)],
			plan: fullPlan,
			profile: p,
			now
		});
		expect(r.score).toBe(100);
		expect(r.parts.every((x) => x.value === 1 && !x.next)).toBe(true);
		// Medical notes are optional.
		expect(normalizePlan(fullPlan)).toEqual(fullPlan);
	});

	it('says how much water to add, sized to the household', () => {
		const r = readiness({
			lessons: { mastered: 6, total: 6 },
			kit: [waterItem(18), kitItem({ id: 'whistle', text: 'Whistle' })],
			plan: fullPlan,
			profile: p,
			now
		});
		// Water is an essential: it is named first, though the whistle is missing entirely.
		expect(r.parts[1]!.next).toEqual({
			key: 'household:next.kitAmount',
			params: { quantity: 6, unit: 'litres', item: 'Drinking water' }
		});
		// With the grab bag's bottle (an essential with no amount) missing too, the amount comes first.
		const bottle = kitItem({
			id: 'b',
			text: 'Bottled water',
			source: { packId: 'p', checklistId: 'g', itemId: 'water' }
		});
		expect(
			readiness({
				lessons: { mastered: 6, total: 6 },
				kit: [bottle, waterItem(18)],
				plan: fullPlan,
				profile: p,
				now
			}).parts[1]!.next?.params?.item
		).toBe('Drinking water');
		// Water weighs 3, the whistle 1: (3 × 18/24 + 0) / 4.
		expect(r.parts[1]!.value).toBeCloseTo(0.5625);
		// A seven-day stock for the same home needs more water: the step follows.
		const week = readiness({
			lessons: { mastered: 6, total: 6 },
			kit: [waterItem(18)],
			plan: fullPlan,
			profile: { ...p, days: 7 },
			now
		});
		expect(week.parts[1]!.next?.params?.quantity).toBe(38);
	});

	it('weighs essentials over other items', () => {
		const base = { lessons: { mastered: 0, total: 6 }, plan: EMPTY_PLAN, profile: p, now };
		const onlyWater = readiness({
			...base,
			kit: [waterItem(24), kitItem({ id: 'whistle', text: 'Whistle' })]
		});
		const onlyWhistle = readiness({
			...base,
			kit: [waterItem(0), kitItem({ id: 'whistle', text: 'Whistle', have: 1 })]
		});
		expect(onlyWater.parts[1]!.value).toBeGreaterThan(onlyWhistle.parts[1]!.value);
	});

	it('asks to replace what expired, and to pick a meeting point', () => {
		const r = readiness({
			lessons: { mastered: 3, total: 6 },
			kit: [{ ...waterItem(24), expiry: '2026-09' }],
			plan: { ...fullPlan, meetNear: '  ' },
			profile: p,
			now
		});
		expect(r.parts[3]!).toMatchObject({
			value: 0,
			next: { key: 'household:next.replace', params: { item: 'Drinking water' } }
		});
		expect(r.parts[2]!.next).toEqual({ key: 'household:next.plan.meetNear' });
		expect(r.parts[2]!.value).toBeCloseTo(5 / 6);
		expect(r.score).toBe(Math.floor(((0.5 * 25 + 35 + (5 / 6) * 25 + 0) / 100) * 100));
	});

	it('does not count items the household does not need (formula without a baby)', () => {
		const formulaItem = kitItem({
			id: 'f',
			text: 'Formula',
			source: { packId: 'p', checklistId: 'c', itemId: 'formula', ...formula }
		});
		const r = readiness({
			lessons: { mastered: 6, total: 6 },
			kit: [waterItem(24), formulaItem],
			plan: fullPlan,
			profile: p,
			now
		});
		expect(r.score).toBe(100);
		const baby = readiness({
			lessons: { mastered: 6, total: 6 },
			kit: [waterItem(24), formulaItem],
			plan: fullPlan,
			profile: { ...p, infants: 1 },
			now
		});
		expect(baby.score).toBeLessThan(100);
		// The baby also raises the water needed (36 litres): water, an essential, comes first.
		expect(baby.parts[1]!.next).toEqual({
			key: 'household:next.kitAmount',
			params: { quantity: 12, unit: 'litres', item: 'Drinking water' }
		});
		const babyWater = readiness({
			lessons: { mastered: 6, total: 6 },
			kit: [waterItem(36), formulaItem],
			plan: fullPlan,
			profile: { ...p, infants: 1 },
			now
		});
		expect(babyWater.parts[1]!.next).toEqual({
			key: 'household:next.kitItem',
			params: { item: 'Formula' }
		});
	});
});
