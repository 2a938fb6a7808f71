import { describe, expect, it } from 'vitest';
import { toBase64Url } from './crypto/bytes';
import { generateKeyPair } from './crypto/ed25519';
import { fingerprint } from './crypto/keys';
import { parseTicket, signTicket, verifyTicket, type TicketClaims } from './tickets';

const claims: TicketClaims = {
	eventId: '0b7f9f0e-1c1d-4c1e-9a55-6f4f7c2d9a10',
	signupId: '5d7c1a2b-0e3f-4a5b-8c6d-7e8f9a0b1c2d',
	roleId: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
	partySize: 3
};

async function serverKey() {
	const pair = await generateKeyPair();
	const print = await fingerprint(pair.publicKey);
	return {
		...pair,
		print,
		public: { fingerprint: print, publicKey: toBase64Url(pair.publicKey) }
	};
}

describe('tickets', () => {
	it('a signed ticket verifies offline with the public key, and carries no personal data', async () => {
		const key = await serverKey();
		const ticket = await signTicket(key.privateKey, key.print, claims);
		expect(ticket).toMatch(/^LT1\./);
		expect(ticket.length).toBeLessThan(260);
		expect(await verifyTicket(ticket, [key.public], claims.eventId)).toEqual({
			ok: true,
			claims
		});
		// Only the ids, the party size, the key id and the signature.
		expect(ticket.split('.')).toHaveLength(7);
	});

	it('any one changed character is refused as forged (or not a ticket)', async () => {
		const key = await serverKey();
		const ticket = await signTicket(key.privateKey, key.print, claims);
		let forged = 0;
		for (let i = 4; i < ticket.length; i++) {
			const char = ticket[i] === 'a' ? 'b' : 'a';
			if (ticket[i] === '.') continue;
			const changed = ticket.slice(0, i) + char + ticket.slice(i + 1);
			const check = await verifyTicket(changed, [key.public], claims.eventId);
			expect(check.ok, `changed at ${i}`).toBe(false);
			if (!check.ok && check.reason === 'forged') forged++;
		}
		expect(forged).toBeGreaterThan(100);
		// The signature's last character differs only in its spare bits: still refused.
		const last = ticket.at(-1)!;
		const twin = 'AQgw'.includes(last) ? String.fromCharCode(last.charCodeAt(0) + 1) : undefined;
		if (twin) expect((await verifyTicket(ticket.slice(0, -1) + twin, [key.public])).ok).toBe(false);
		// A bigger party, signature kept: forged.
		const bigger = ticket.replace('.3.', '.9.');
		expect(await verifyTicket(bigger, [key.public])).toMatchObject({ ok: false, reason: 'forged' });
	});

	it('a ticket of another server, another event or no ticket at all is told apart', async () => {
		const key = await serverKey();
		const other = await serverKey();
		const ticket = await signTicket(other.privateKey, other.print, claims);
		expect(await verifyTicket(ticket, [key.public])).toEqual({ ok: false, reason: 'unknown_key' });
		const mine = await signTicket(key.privateKey, key.print, claims);
		expect(await verifyTicket(mine, [key.public], 'another-event')).toMatchObject({
			ok: false,
			reason: 'other_event'
		});
		for (const junk of ['', 'https://example.org', 'LT1.a.b', 42, null, 'LT1.' + 'x'.repeat(500)])
			expect(await verifyTicket(junk, [key.public])).toEqual({ ok: false, reason: 'malformed' });
	});

	it('a rotated key: tickets signed by the old key still verify while the phone knows both', async () => {
		const old = await serverKey();
		const current = await serverKey();
		const ticket = await signTicket(old.privateKey, old.print, claims);
		expect((await verifyTicket(ticket, [current.public, old.public])).ok).toBe(true);
	});

	it('refuses to sign what it could not read back', async () => {
		const key = await serverKey();
		await expect(
			signTicket(key.privateKey, key.print, { ...claims, eventId: 'a.b' })
		).rejects.toThrow();
		await expect(
			signTicket(key.privateKey, key.print, { ...claims, partySize: 0 })
		).rejects.toThrow();
		expect(parseTicket(await signTicket(key.privateKey, key.print, claims))?.claims).toEqual(
			claims
		);
	});
});
