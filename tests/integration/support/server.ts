/** A server context over a test database, and a fetch that reaches its API without sockets. */
import { loadConfig } from '../../../src/lib/server/config';
import { createLimits, type ServerContext } from '../../../src/lib/server/context';
import type { Database } from '../../../src/lib/server/db/connect';
import {
	handleDevices,
	handleLink,
	handleLinkCode,
	handleRemoveDevice,
	handlePull,
	handlePush,
	handleRegister,
	type RequestInfo
} from '../../../src/lib/server/sync/http';
import { api } from '../../../src/lib/server/http/errors';
import { handleTime } from '../../../src/lib/server/http/time';
import { handleNowPlaying } from '../../../src/lib/server/events/now-playing';
import type { SyncRegistry } from '../../../src/lib/server/sync/types';
import type { StaffUser } from '../../../src/lib/server/auth/sessions';
import {
	handleHoursCsv,
	handlePublicTask,
	handleRoster,
	handleRosterCsv
} from '../../../src/lib/server/volunteers/http';
import {
	handlePushKey,
	handleSubscribe,
	handleUnsubscribe
} from '../../../src/lib/server/push/http';
import {
	handleDirectory,
	handleFollow,
	handleFollows,
	handleHome,
	handleJoinInfo,
	handleUnfollow
} from '../../../src/lib/server/neighbourhoods/http';
import { handleDoorRoster, handleTicketKeys } from '../../../src/lib/server/events/http';

export function testContext(
	database: Database,
	registry: SyncRegistry,
	env: Record<string, string> = {}
): ServerContext {
	const config = loadConfig({
		DATA_DIR: '/tmp/linli-test-unused',
		LINLI_RATE_CLIENT_PER_MINUTE: '1000000',
		LINLI_RATE_IP_PER_MINUTE: '1000000',
		LINLI_RATE_REGISTER_PER_HOUR: '1000000',
		...env
	});
	return { config, database, registry, limits: createLimits(config, database) };
}

const ROUTES: Record<string, (ctx: ServerContext, info: RequestInfo) => Promise<Response>> = {
	'GET /api/volunteers': handleRoster,
	'GET /api/volunteers/export.csv': handleRosterCsv,
	'GET /api/hours/export.csv': handleHoursCsv,
	'GET /api/tasks/[id]': handlePublicTask,
	'POST /api/sync/register': handleRegister,
	'POST /api/sync/push': handlePush,
	'GET /api/sync/pull': handlePull,
	'POST /api/sync/link-code': handleLinkCode,
	'POST /api/sync/link': handleLink,
	'GET /api/sync/devices': handleDevices,
	'POST /api/sync/devices/remove': handleRemoveDevice,
	'GET /api/push/key': handlePushKey,
	'POST /api/push/subscription': handleSubscribe,
	'DELETE /api/push/subscription': handleUnsubscribe,
	'GET /api/sync/follows': handleFollows,
	'POST /api/sync/follow': handleFollow,
	'POST /api/sync/unfollow': handleUnfollow,
	'POST /api/sync/home': handleHome,
	'GET /api/neighbourhoods/join/[code]': handleJoinInfo,
	'GET /api/neighbourhoods': handleDirectory,
	'GET /api/events/[id]/door': handleDoorRoster,
	'GET /api/events/ticket-keys': handleTicketKeys,
	'GET /api/time': handleTime,
	'GET /api/events/[id]/now-playing': handleNowPlaying
};

/** Calls the real API handlers as the routes do, from a Request. */
export function serveRequest(
	ctx: ServerContext,
	request: Request,
	user: StaffUser | null = null,
	ip = '127.0.0.1'
) {
	const url = new URL(request.url);
	const route = url.pathname.startsWith('/api/tasks/')
		? '/api/tasks/[id]'
		: /^\/api\/events\/[^/]+\/door$/.test(url.pathname)
			? '/api/events/[id]/door'
			: /^\/api\/events\/[^/]+\/now-playing$/.test(url.pathname)
				? '/api/events/[id]/now-playing'
				: url.pathname.startsWith('/api/neighbourhoods/join/')
					? '/api/neighbourhoods/join/[code]'
					: url.pathname;
	const handler = ROUTES[`${request.method} ${route}`];
	if (!handler) return Promise.resolve(new Response('{"error":"not_found"}', { status: 404 }));
	return api(() => handler(ctx, { request, url, ip, user }));
}

/** A fetch for the client's HttpTransport that goes straight to the handlers. */
export function inProcessFetch(ctx: ServerContext): typeof fetch {
	return async (input, init) => serveRequest(ctx, new Request(input as string, init));
}
