/** Turning volunteer rows into what devices receive, and the facets the roster searches. */
import type { Selectable } from 'kysely';
import type { VolunteersTable } from '../db/volunteer-schema';
import type { VolunteerProfile } from '../../shared/volunteer';

export type VolunteerRow = Selectable<VolunteersTable>;

const list = (json: string): string[] => {
	try {
		const value = JSON.parse(json) as unknown;
		return Array.isArray(value) ? value.map(String) : [];
	} catch {
		return [];
	}
};

/** The volunteer's own record, as their devices hold it. */
export function profileOf(row: VolunteerRow): VolunteerProfile {
	return {
		id: row.id,
		name: row.name,
		phone: row.phone,
		email: row.email,
		building: row.building,
		unit: row.unit,
		skills: list(row.skills) as VolunteerProfile['skills'],
		firstAidCertified: Boolean(row.first_aid_certified),
		hasCar: Boolean(row.has_car),
		skillsOther: row.skills_other,
		languages: list(row.languages) as VolunteerProfile['languages'],
		availability: list(row.availability) as VolunteerProfile['availability'],
		maxHoursPerWeek: row.max_hours_week,
		notes: row.notes,
		consentVersion: row.consent_version as VolunteerProfile['consentVersion'],
		consentAt: row.consent_at
	};
}

export function rowValues(profile: VolunteerProfile) {
	return {
		name: profile.name,
		phone: profile.phone,
		email: profile.email,
		building: profile.building,
		unit: profile.unit,
		skills: JSON.stringify(profile.skills),
		first_aid_certified: profile.skills.includes('firstAid') && profile.firstAidCertified ? 1 : 0,
		has_car: profile.skills.includes('driving') && profile.hasCar ? 1 : 0,
		skills_other: profile.skillsOther,
		languages: JSON.stringify(profile.languages),
		availability: JSON.stringify(profile.availability),
		max_hours_week: profile.maxHoursPerWeek,
		notes: profile.notes,
		consent_version: profile.consentVersion,
		consent_at: profile.consentAt
	};
}

export const normalizeBuilding = (building: string) =>
	building.trim().toLowerCase().replace(/\s+/g, ' ');

/** The roster's search facets: skill:…, lang:…, slot:…, building:…. */
export function tagsOf(profile: VolunteerProfile): string[] {
	return [
		...profile.skills.map((s) => `skill:${s}`),
		...(profile.skills.includes('firstAid') && profile.firstAidCertified
			? ['skill:firstAid:certified']
			: []),
		...(profile.skills.includes('driving') && profile.hasCar ? ['skill:driving:car'] : []),
		...profile.languages.map((l) => `lang:${l}`),
		...profile.availability.map((slot) => `slot:${slot}`),
		...(profile.building ? [`building:${normalizeBuilding(profile.building)}`] : [])
	];
}
