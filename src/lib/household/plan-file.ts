/**
 * The family plan as a file, so another family member's phone gets the same plan without any
 * server: the resident saves it, sends it as they choose, and imports it on the other phone.
 */
import { normalizePlan, type FamilyPlan } from '$domain/household';

export const PLAN_FILE_FORMAT = 'linli-family-plan';
export const PLAN_FILE_VERSION = 1;
/** Far above any real plan (20 members, a few short texts). */
export const PLAN_FILE_MAX_BYTES = 64 * 1024;

export function planToFile(plan: FamilyPlan): string {
	return JSON.stringify(
		{ format: PLAN_FILE_FORMAT, formatVersion: PLAN_FILE_VERSION, plan: normalizePlan(plan) },
		null,
		2
	);
}

export type PlanFileResult =
	{ ok: true; plan: FamilyPlan } | { ok: false; error: 'invalid' | 'tooLarge' };

export function planFromFile(text: string): PlanFileResult {
	if (text.length > PLAN_FILE_MAX_BYTES) return { ok: false, error: 'tooLarge' };
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return { ok: false, error: 'invalid' };
	}
	const o = parsed as { format?: unknown; formatVersion?: unknown; plan?: unknown } | null;
	if (
		!o ||
		typeof o !== 'object' ||
		o.format !== PLAN_FILE_FORMAT ||
		o.formatVersion !== PLAN_FILE_VERSION ||
		!o.plan ||
		typeof o.plan !== 'object'
	)
		return { ok: false, error: 'invalid' };
	return { ok: true, plan: normalizePlan(o.plan) };
}
