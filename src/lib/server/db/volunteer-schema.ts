/** Volunteer tables (migration 0002); filled in with the volunteer feature. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- grows with migration 0002
export interface VolunteerTables {}
