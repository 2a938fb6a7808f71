import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** A random token for URLs and cookies (32 bytes, base64url). */
export const randomToken = () => randomBytes(32).toString('base64url');

export function sameHash(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** A code a person can read aloud or type: no 0/O, 1/I look-alikes. */
export function humanCode(length = 8): string {
	const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
	const bytes = randomBytes(length);
	return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}
