import type { Generated } from 'kysely';

/** Neighbourhood tables (migration 0007). */

export interface NeighbourhoodsTable {
	id: string;
	/** JSON object: language code → name ("en", "zh-Hant", "zh-Hans"); at least one. */
	names: string;
	description: string;
	/** A region code of $shared/regions, or '' when not set. */
	region: string;
	/** An IANA time zone, or '' for the server's own (LINLI_TIME_ZONE). */
	time_zone: string;
	/** The current join code (/n/<code>); a rotated code is gone and stops working. */
	join_code: string;
	/** 1 for the neighbourhood migration 0007 made for what existed before. */
	is_default: number;
	/** 1: in the list residents pick from; 0: joined only by its code (migration 0013). */
	listed: Generated<number>;
	created_at: number;
	updated_at: number;
	code_rotated_at: number | null;
}

export interface NeighbourhoodOrganizersTable {
	neighbourhood_id: string;
	user_id: string;
	created_at: number;
}

export interface VolunteerNeighbourhoodsTable {
	volunteer_id: string;
	neighbourhood_id: string;
}

/** Which neighbourhoods a device follows: the device's state on the server, not a record. */
export interface DeviceFollowsTable {
	client_id: string;
	neighbourhood_id: string;
	home: number;
	joined_at: number;
}

export interface NeighbourhoodTables {
	neighbourhoods: NeighbourhoodsTable;
	neighbourhood_organizers: NeighbourhoodOrganizersTable;
	volunteer_neighbourhoods: VolunteerNeighbourhoodsTable;
	device_follows: DeviceFollowsTable;
}
