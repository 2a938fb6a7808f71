/**
 * Invitation links: what the accept page sends to learn whether its link is still good, and
 * what it hears back. Relative imports only (shared with the CLI).
 */
import * as v from 'valibot';
import type { Role } from './roles';

export const InviteStatusRequest = v.strictObject({
	token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,128}$/))
});

export interface InviteStatusAnswer {
	state: 'valid' | 'used' | 'expired' | 'revoked' | 'unknown';
	/** The address the invitation is bound to (filled in on the form), when valid. */
	email?: string | null;
	roles?: Role[];
}
