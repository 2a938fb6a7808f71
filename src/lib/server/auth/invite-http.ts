/** POST /api/staff/invite-status: the accept page checks its link before anyone types. */
import { InviteStatusRequest, type InviteStatusAnswer } from '../../shared/invites';
import type { ServerContext } from '../context';
import { parseWith, readJson } from '../http/body';
import { jsonResponse } from '../http/errors';
import { enforce } from '../http/limits';
import type { RequestInfo } from '../sync/http';
import { inviteStatus } from './tokens';

export async function handleInviteStatus(ctx: ServerContext, info: RequestInfo) {
	// Asking about tokens is as rate-limited as guessing passwords.
	await enforce(ctx.limits.signIns, `ip:${info.ip}`);
	const { token } = parseWith(InviteStatusRequest, await readJson(info.request, 1024));
	const answer: InviteStatusAnswer = await inviteStatus(ctx.database.db, token);
	return jsonResponse(answer);
}
