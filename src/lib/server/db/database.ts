import type { CoreTables } from './schema';
import type { EventTables } from './events-schema';
import type { NeighbourhoodTables } from './neighbourhood-schema';
import type { PlatformTables } from './platform-schema';
import type { VolunteerTables } from './volunteer-schema';
import type { PublishingTables } from './publishing-schema';
import type { AnnouncementTables } from './announcement-schema';

/** Every table of the server database. */
export type DB = CoreTables &
	VolunteerTables &
	PlatformTables &
	PublishingTables &
	NeighbourhoodTables &
	AnnouncementTables &
	EventTables;
