import { apiRoute } from '$lib/server/http/route';
import { handleSubscribe, handleUnsubscribe } from '$lib/server/push/http';

export const POST = apiRoute(handleSubscribe);
export const DELETE = apiRoute(handleUnsubscribe);
