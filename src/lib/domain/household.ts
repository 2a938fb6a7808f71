/**
 * Household readiness: who lives in the home, how much of each kit item that household needs, and
 * how ready it is. Pure code: no storage, no clock of its own (callers pass `now`).
 *
 * Everything here describes a private home. It lives on the phone only (Dexie), never in sync
 * records, cookies, URLs or server-rendered pages (docs/architecture.md, "Household").
 */
import { SCALES, type Scale } from '$shared/lesson';
import { EMERGENCY_NUMBERS, type EmergencyService, type Region } from '$shared/regions';

/**
 * How a checklist item's `quantity` grows with the household (pack format, `scale`):
 * - person-day: each person (infants included), each day of stock. The default when a pack gives
 *   a quantity without a scale (packs written before `scale` existed meant this).
 * - person: each person, once (a grab bag, a whistle).
 * - infant-day / infant: each baby under 2 (formula, nappies).
 * - pet-day / pet: each pet (food, water for pets).
 * - household: once for the home (a radio, a first-aid kit).
 */
export { SCALES, type Scale };

export function isScale(value: unknown): value is Scale {
	return typeof value === 'string' && (SCALES as readonly string[]).includes(value);
}

/** Days of stock a resident may choose. Packs advise at least three. */
export const STOCK_DAYS = [3, 7, 14] as const;
export type StockDays = (typeof STOCK_DAYS)[number];
export const DEFAULT_DAYS: StockDays = 3;

export const HOME_TYPES = ['flat', 'house'] as const;
export type HomeType = (typeof HOME_TYPES)[number];

export const MAX_MEMBERS = 20;
export const MAX_TEXT = 200;

export interface HouseholdProfile {
	adults: number;
	/** Ages in whole years (2 to 17) of each child; babies under 2 are `infants`. */
	children: number[];
	/** People of 65 or more. */
	olderPeople: number;
	/** Babies under 2. */
	infants: number;
	pets: number;
	/** People who take medicine every day. */
	medication: number;
	/** People who cannot easily walk down stairs on their own. */
	mobility: number;
	homeType?: HomeType;
	/** Floor of the home (0 = ground floor). */
	floor?: number;
	days: StockDays;
}

export const EMPTY_PROFILE: HouseholdProfile = {
	adults: 1,
	children: [],
	olderPeople: 0,
	infants: 0,
	pets: 0,
	medication: 0,
	mobility: 0,
	days: DEFAULT_DAYS
};

function count(value: unknown, max = MAX_MEMBERS): number {
	const n = Math.floor(Number(value));
	return Number.isFinite(n) ? Math.min(max, Math.max(0, n)) : 0;
}

/** A profile from anything (a stored row, an imported file): unknown fields dropped, counts clamped. */
export function normalizeProfile(input: unknown): HouseholdProfile {
	const o = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
	const children = Array.isArray(o.children)
		? o.children.slice(0, MAX_MEMBERS).map((age) => Math.min(17, Math.max(2, count(age, 17))))
		: [];
	const days = STOCK_DAYS.find((d) => d === Number(o.days)) ?? DEFAULT_DAYS;
	const profile: HouseholdProfile = {
		adults: count(o.adults),
		children,
		olderPeople: count(o.olderPeople),
		infants: count(o.infants),
		pets: count(o.pets),
		medication: count(o.medication),
		mobility: count(o.mobility),
		days
	};
	if (HOME_TYPES.includes(o.homeType as HomeType)) profile.homeType = o.homeType as HomeType;
	if (o.floor !== undefined && o.floor !== null && o.floor !== '') {
		const floor = Math.floor(Number(o.floor));
		if (Number.isFinite(floor)) profile.floor = Math.min(200, Math.max(-5, floor));
	}
	return profile;
}

/** Everyone who lives in the home, babies included (everyone drinks water). */
export function peopleIn(profile: HouseholdProfile): number {
	return profile.adults + profile.children.length + profile.olderPeople + profile.infants;
}

export interface Scalable {
	quantity?: number;
	scale?: Scale;
}

/**
 * How much of an item this household needs for `days` of stock. Undefined for an item with no
 * quantity ("have one"). Rounded up to one decimal, so rounding never leaves a household short.
 */
export function neededQuantity(
	item: Scalable,
	profile: HouseholdProfile,
	days: number = profile.days
): number | undefined {
	if (typeof item.quantity !== 'number' || !(item.quantity > 0)) return undefined;
	const q = item.quantity;
	const people = peopleIn(profile);
	let raw: number;
	switch (item.scale ?? 'person-day') {
		case 'person-day':
			raw = q * people * days;
			break;
		case 'person':
			raw = q * people;
			break;
		case 'infant-day':
			raw = q * profile.infants * days;
			break;
		case 'infant':
			raw = q * profile.infants;
			break;
		case 'pet-day':
			raw = q * profile.pets * days;
			break;
		case 'pet':
			raw = q * profile.pets;
			break;
		case 'household':
			raw = q;
			break;
	}
	return Math.ceil(Math.round(raw * 1000) / 100) / 10;
}

/** Whether an item concerns this household at all (formula only with a baby, pet food with a pet). */
export function applies(item: Scalable, profile: HouseholdProfile): boolean {
	switch (item.scale) {
		case 'infant':
		case 'infant-day':
			return profile.infants > 0;
		case 'pet':
		case 'pet-day':
			return profile.pets > 0;
		default:
			return true;
	}
}

/* ---------------------------------------------------------------- kit */

/** What the score weighs most (issue 14): water, medicines, a torch, documents. */
export const ESSENTIALS = ['water', 'medicines', 'torch', 'documents'] as const;
export type Essential = (typeof ESSENTIALS)[number];
const ESSENTIAL_WEIGHT = 3;

/** Item ids of the built-in packs that are essentials. A pack may also say so with `essential`. */
const ESSENTIAL_IDS: Record<string, Essential> = {
	water: 'water',
	'drinking-water': 'water',
	medicines: 'medicines',
	'medicine-supply': 'medicines',
	torch: 'torch',
	torches: 'torch',
	documents: 'documents'
};

export interface KitSource {
	packId: string;
	checklistId: string;
	itemId: string;
	quantity?: number;
	scale?: Scale;
}

export interface KitItem {
	id: string;
	text: string;
	unit?: string;
	/** Where it came from; absent for items added by hand. */
	source?: KitSource;
	/** For hand-added items (or to override a lesson's amount): how much is needed. */
	need?: number;
	/** How much the household has (for "have one" items: 0 or 1). */
	have: number;
	/** Replace by: "YYYY-MM" (month and year are enough). */
	expiry?: string;
	/** Where it is kept. */
	place?: string;
	essential?: Essential;
	addedAt: number;
}

export function essentialOf(item: Pick<KitItem, 'essential' | 'source'>): Essential | undefined {
	return item.essential ?? (item.source ? ESSENTIAL_IDS[item.source.itemId] : undefined);
}

/** How much of the item is needed: the lesson's amount sized to the household, else 1. */
export function needOf(item: KitItem, profile: HouseholdProfile): number {
	if (typeof item.need === 'number' && item.need > 0) return item.need;
	if (item.source) return neededQuantity(item.source, profile) ?? 1;
	return 1;
}

export function isRelevant(item: KitItem, profile: HouseholdProfile): boolean {
	return !item.source || applies(item.source, profile);
}

/** How much is still missing (0 when there is enough). */
export function missingOf(item: KitItem, profile: HouseholdProfile): number {
	if (!isRelevant(item, profile)) return 0;
	return Math.max(0, Math.round((needOf(item, profile) - item.have) * 10) / 10);
}

const EXPIRY = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isExpiry(value: unknown): value is string {
	return typeof value === 'string' && EXPIRY.test(value);
}

export type ExpiryStatus = 'none' | 'ok' | 'soon' | 'expired';
/** The reminder window. */
export const REMINDER_DAYS = 30;
const DAY = 86_400_000;

/**
 * A month and year is all the resident gives, so an item marked "2026-12" may expire on any day of
 * December. It is "soon" when that month begins within the next 30 days (it may expire in them) and
 * "expired" once the month has ended. Dates are the phone's local calendar.
 */
export function expiryStatus(expiry: string | undefined, now: number): ExpiryStatus {
	const m = expiry ? EXPIRY.exec(expiry) : null;
	if (!m) return 'none';
	const year = Number(m[1]);
	const month = Number(m[2]) - 1;
	const start = new Date(year, month, 1).getTime();
	const end = new Date(year, month + 1, 1).getTime();
	if (now >= end) return 'expired';
	if (start <= now + REMINDER_DAYS * DAY) return 'soon';
	return 'ok';
}

export interface KitReminders {
	expired: KitItem[];
	soon: KitItem[];
	missing: KitItem[];
}

/** What the home page card shows: what has expired or expires soon, then what is still missing. */
export function kitReminders(
	items: readonly KitItem[],
	profile: HouseholdProfile,
	now: number
): KitReminders {
	const expired: KitItem[] = [];
	const soon: KitItem[] = [];
	const missing: KitItem[] = [];
	for (const item of items) {
		if (!isRelevant(item, profile)) continue;
		const status = item.have > 0 ? expiryStatus(item.expiry, now) : 'none';
		if (status === 'expired') expired.push(item);
		else if (status === 'soon') soon.push(item);
		if (missingOf(item, profile) > 0) missing.push(item);
	}
	const byExpiry = (a: KitItem, b: KitItem) => (a.expiry ?? '').localeCompare(b.expiry ?? '');
	return { expired: expired.sort(byExpiry), soon: soon.sort(byExpiry), missing };
}

/* ---------------------------------------------------------------- plan */

export interface PlanMember {
	name: string;
	phone: string;
}

export interface FamilyPlan {
	members: PlanMember[];
	outOfArea: PlanMember;
	meetNear: string;
	meetFar: string;
	shelter: string;
	medical: string;
	kitPlace: string;
}

export const EMPTY_PLAN: FamilyPlan = {
	members: [],
	outOfArea: { name: '', phone: '' },
	meetNear: '',
	meetFar: '',
	shelter: '',
	medical: '',
	kitPlace: ''
};

function text(value: unknown, max = MAX_TEXT): string {
	return typeof value === 'string' ? value.slice(0, max) : '';
}

function member(value: unknown): PlanMember {
	const o = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
	return { name: text(o.name, 80), phone: text(o.phone, 40) };
}

/** A plan from anything (a stored row, an imported file): only known fields, strings cut to size. */
export function normalizePlan(input: unknown): FamilyPlan {
	const o = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
	return {
		members: Array.isArray(o.members) ? o.members.slice(0, MAX_MEMBERS).map(member) : [],
		outOfArea: member(o.outOfArea),
		meetNear: text(o.meetNear),
		meetFar: text(o.meetFar),
		shelter: text(o.shelter),
		medical: text(o.medical, 1000),
		kitPlace: text(o.kitPlace)
	};
}

/** The plan's parts, in the order the next step asks for them. Medical notes are optional. */
export const PLAN_PARTS = [
	'members',
	'outOfArea',
	'meetNear',
	'meetFar',
	'shelter',
	'kitPlace'
] as const;
export type PlanPart = (typeof PLAN_PARTS)[number];

export function planPartDone(plan: FamilyPlan, part: PlanPart): boolean {
	switch (part) {
		case 'members':
			return plan.members.some((m) => m.name.trim() && m.phone.trim());
		case 'outOfArea':
			return Boolean(plan.outOfArea.name.trim() && plan.outOfArea.phone.trim());
		default:
			return plan[part].trim().length > 0;
	}
}

/** The region's emergency numbers for the plan card (none for an unknown region). */
export function planNumbers(
	region: Region | undefined
): { service: EmergencyService; number: string }[] {
	const numbers = region ? EMERGENCY_NUMBERS[region] : null;
	if (!numbers) return [];
	return (Object.keys(numbers) as EmergencyService[]).map((service) => ({
		service,
		number: numbers[service]
	}));
}

/* ---------------------------------------------------------------- score */

export type NextStep = { key: string; params?: Record<string, string | number> };

export interface ScorePart {
	id: 'lessons' | 'kit' | 'plan' | 'fresh';
	/** 0..1 */
	value: number;
	weight: number;
	/** One line saying what to do next; absent when the part is complete. */
	next?: NextStep;
}

export interface Readiness {
	/** 0..100, rounded down so that 100 means every part is complete. */
	score: number;
	parts: ScorePart[];
}

export interface ReadinessInputs {
	lessons: { mastered: number; total: number; nextTitle?: string };
	kit: readonly KitItem[];
	plan: FamilyPlan;
	profile: HouseholdProfile;
	now: number;
}

const WEIGHTS = { lessons: 25, kit: 35, plan: 25, fresh: 15 } as const;

function formatAmount(n: number): number {
	return Math.round(n * 10) / 10;
}

/**
 * One number with its parts. Each part says the next step in one line, as a message key for the
 * reader's language ("Add 6 litres of water", "Pick a meeting point"). It only ever counts what is
 * done: nothing is subtracted for what is not.
 */
export function readiness({ lessons, kit, plan, profile, now }: ReadinessInputs): Readiness {
	const parts: ScorePart[] = [];

	const lessonValue = lessons.total > 0 ? Math.min(1, lessons.mastered / lessons.total) : 0;
	parts.push({
		id: 'lessons',
		value: lessonValue,
		weight: WEIGHTS.lessons,
		next:
			lessonValue < 1
				? lessons.nextTitle
					? { key: 'household:next.lesson', params: { title: lessons.nextTitle } }
					: { key: 'household:next.lessons' }
				: undefined
	});

	const relevant = kit.filter((item) => isRelevant(item, profile));
	let got = 0;
	let of = 0;
	// The next step names an essential first, and among those one with an amount to buy.
	let firstMissing: { item: KitItem; missing: number; rank: number } | undefined;
	for (const item of relevant) {
		const weight = essentialOf(item) ? ESSENTIAL_WEIGHT : 1;
		const need = needOf(item, profile);
		const fraction = need > 0 ? Math.min(1, item.have / need) : 1;
		got += weight * fraction;
		of += weight;
		const missing = missingOf(item, profile);
		const rank = (essentialOf(item) ? 2 : 0) + (item.unit ? 1 : 0);
		if (missing > 0 && (!firstMissing || rank > firstMissing.rank)) {
			firstMissing = { item, missing, rank };
		}
	}
	const kitValue = of > 0 ? got / of : 0;
	let kitNext: NextStep | undefined;
	if (relevant.length === 0) kitNext = { key: 'household:next.kitStart' };
	else if (firstMissing) {
		kitNext = firstMissing.item.unit
			? {
					key: 'household:next.kitAmount',
					params: {
						quantity: formatAmount(firstMissing.missing),
						unit: firstMissing.item.unit,
						item: firstMissing.item.text
					}
				}
			: { key: 'household:next.kitItem', params: { item: firstMissing.item.text } };
	}
	parts.push({ id: 'kit', value: kitValue, weight: WEIGHTS.kit, next: kitNext });

	const missingPart = PLAN_PARTS.find((part) => !planPartDone(plan, part));
	const planValue =
		PLAN_PARTS.filter((part) => planPartDone(plan, part)).length / PLAN_PARTS.length;
	parts.push({
		id: 'plan',
		value: planValue,
		weight: WEIGHTS.plan,
		next: missingPart ? { key: `household:next.plan.${missingPart}` } : undefined
	});

	const dated = relevant.filter((item) => item.have > 0 && isExpiry(item.expiry));
	const expired = dated.filter((item) => expiryStatus(item.expiry, now) === 'expired');
	// Nothing recorded yet counts as nothing expired only once there is a kit to check.
	const freshValue =
		relevant.length === 0 ? 0 : dated.length ? 1 - expired.length / dated.length : 1;
	parts.push({
		id: 'fresh',
		value: freshValue,
		weight: WEIGHTS.fresh,
		next: expired.length
			? { key: 'household:next.replace', params: { item: expired[0]!.text } }
			: relevant.length === 0
				? { key: 'household:next.kitStart' }
				: undefined
	});

	const total = parts.reduce((sum, p) => sum + p.weight, 0);
	const score = Math.floor(
		(parts.reduce((sum, p) => sum + p.value * p.weight, 0) / total) * 100 + 1e-9
	);
	return { score, parts };
}
