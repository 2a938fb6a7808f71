/**
 * Every migration, in order. Files are named NNNN-what.ts; a migration is never edited once
 * released: changes go in a new file. The same migrations run on SQLite and PostgreSQL.
 */
import type { AnyDb, DialectName } from '../dialect';
import * as core from './0001-core';
import * as volunteers from './0002-volunteers';
import * as housekeeping from './0003-housekeeping';
import * as deviceRemoval from './0004-device-removal';
import * as sharedState from './0005-shared-state';
import * as organizerDetails from './0006-organizer-details';
import * as neighbourhoods from './0007-neighbourhoods';
import * as publishing from './0008-publishing';
import * as push from './0009-push';
import * as announcements from './0010-announcements';
import * as events from './0011-events';
import * as nowPlaying from './0012-now-playing';
import * as unlisted from './0013-unlisted';

export interface MigrationStep {
	name: string;
	up: (db: AnyDb, dialect: DialectName) => Promise<void>;
}

export const MIGRATIONS: MigrationStep[] = [
	{ name: '0001-core', up: core.up },
	{ name: '0002-volunteers', up: volunteers.up },
	{ name: '0003-housekeeping', up: housekeeping.up },
	{ name: '0004-device-removal', up: deviceRemoval.up },
	{ name: '0005-shared-state', up: sharedState.up },
	{ name: '0006-organizer-details', up: organizerDetails.up },
	{ name: '0007-neighbourhoods', up: neighbourhoods.up },
	{ name: '0008-publishing', up: publishing.up },
	{ name: '0009-push', up: push.up },
	{ name: '0010-announcements', up: announcements.up },
	{ name: '0011-events', up: events.up },
	{ name: '0012-now-playing', up: nowPlaying.up },
	{ name: '0013-unlisted', up: unlisted.up }
];
