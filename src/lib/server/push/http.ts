/**
 * The push API: the server's public VAPID key, and a device's subscription (device-authenticated
 * like sync, validated, rate-limited). Routes under src/routes/api/push only call these.
 */
import { isIP } from 'node:net';
import { PushSubscriptionRequest } from '../../shared/push';
import type { ServerContext } from '../context';
import { readJson, parseWith } from '../http/body';
import { HttpError, jsonResponse } from '../http/errors';
import { enforce } from '../http/limits';
import { addressKey } from '../http/address';
import { device, type RequestInfo } from '../sync/http';
import { deleteSubscription, saveSubscription, topicsOf } from './subscriptions';
import { vapidKeys } from './vapid';

const MAX_BODY_BYTES = 8 * 1024;

export async function handlePushKey(ctx: ServerContext) {
	const { publicKey } = await vapidKeys(ctx.config, ctx.database);
	return jsonResponse({ publicKey });
}

/**
 * The server posts to the endpoint a phone names: only to push services on the internet, never
 * to this machine or the local network (unless LINLI_PUSH_ALLOW_PRIVATE=1, for tests).
 */
export function isPrivateHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
	const kind = isIP(host);
	if (kind === 4) {
		const [a = 0, b = 0] = host.split('.').map(Number);
		return (
			a === 0 ||
			a === 10 ||
			a === 127 ||
			(a === 169 && b === 254) ||
			(a === 172 && b >= 16 && b <= 31) ||
			(a === 192 && b === 168) ||
			(a === 100 && b >= 64 && b <= 127)
		);
	}
	if (kind === 6) {
		return (
			host === '::1' ||
			host === '::' ||
			host.startsWith('fc') ||
			host.startsWith('fd') ||
			host.startsWith('fe80') ||
			host.startsWith('::ffff:')
		);
	}
	return false;
}

export async function handleSubscribe(ctx: ServerContext, info: RequestInfo) {
	await enforce(ctx.limits.ipWrites, addressKey(info.ip));
	const found = await device(ctx, info.request);
	await enforce(ctx.limits.clientWrites, `client:${found.id}`);
	const body = parseWith(PushSubscriptionRequest, await readJson(info.request, MAX_BODY_BYTES));
	const endpoint = new URL(body.subscription.endpoint);
	if (!ctx.config.push.allowPrivateEndpoints && isPrivateHost(endpoint.hostname)) {
		throw new HttpError(
			400,
			'invalid',
			'subscription.endpoint: must be a push service on the internet',
			{ path: 'subscription.endpoint' }
		);
	}
	await saveSubscription(ctx.database.db, found.id, body);
	return jsonResponse({ topics: await topicsOf(ctx.database.db, found.id) });
}

export async function handleUnsubscribe(ctx: ServerContext, info: RequestInfo) {
	await enforce(ctx.limits.ipWrites, addressKey(info.ip));
	const found = await device(ctx, info.request);
	await deleteSubscription(ctx.database.db, found.id);
	return jsonResponse({ topics: [] });
}
