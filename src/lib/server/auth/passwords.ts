import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { COMMON_PASSWORDS } from './common-passwords';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(
			password.normalize('NFKC'),
			salt,
			KEY_LENGTH,
			{ ...options, maxmem: 64 * 1024 * 1024 },
			(error, key) => (error ? reject(error) : resolve(key))
		)
	);
}

/** scrypt$N$r$p$salt$hash — the parameters travel with the hash, so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, { N, r: R, p: P });
	return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64url');
	const key = await derive(password, Buffer.from(salt, 'base64url'), {
		N: Number(n),
		r: Number(r),
		p: Number(p)
	});
	return key.length === expected.length && timingSafeEqual(key, expected);
}

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

/** Why a new password is not good enough, or undefined when it is. */
export function passwordProblem(password: string, email?: string): PasswordProblem | undefined {
	if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
	if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
	const folded = password.toLowerCase();
	const local = email?.split('@')[0]?.toLowerCase();
	if (
		COMMON_PASSWORDS.has(folded) ||
		/^(.)\1+$/.test(folded) ||
		(local && local.length >= 4 && folded.includes(local))
	) {
		return 'too_common';
	}
	// Long but made of one common password repeated or padded with digits: still guessable.
	const stem = folded.replace(/[\d!@#$%^&*._-]+$/, '');
	if (
		COMMON_PASSWORDS.has(stem) ||
		[...COMMON_PASSWORDS].some(
			(c) => c.length >= 6 && folded === c.repeat(Math.round(folded.length / c.length))
		)
	) {
		return 'too_common';
	}
	return undefined;
}
