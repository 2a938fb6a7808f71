export const ROLES = ['admin', 'organizer', 'publisher'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function parseRoles(stored: string): Role[] {
	return stored.split(',').filter(isRole);
}

export function formatRoles(roles: readonly Role[]): string {
	return [...new Set(roles)].filter(isRole).sort().join(',');
}

/** Organizers' powers belong to admins too. */
export function canOrganize(roles: readonly Role[]) {
	return roles.includes('organizer') || roles.includes('admin');
}
