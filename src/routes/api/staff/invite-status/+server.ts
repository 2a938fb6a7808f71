import { apiRoute } from '$lib/server/http/route';
import { handleInviteStatus } from '$lib/server/auth/invite-http';

export const POST = apiRoute(handleInviteStatus);
