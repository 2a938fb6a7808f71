/**
 * Event tickets (issue 13): what a confirmed sign-up shows at the door as a QR code, and what an
 * organizer's phone checks offline. A ticket is one line of text:
 *
 *     LT1.<event id>.<sign-up id>.<role id>.<party size>.<key id>.<signature>
 *
 * The signature is Ed25519 (shared/crypto `signMessage`, context `linli.ticket.v1`) by the server's
 * ticket key over everything before it. The key id is the first 16 hex digits of the key's
 * fingerprint, so a phone that knows several keys (after a rotation) picks the right one. There is
 * no name, building or unit in a ticket: a photo of one gives nothing away but a place at an event.
 *
 * Relative imports only: used by the app, the server and the tests.
 */
import { fromBase64Url, toBase64Url, utf8 } from './crypto/bytes.js';
import { signMessage, verifyMessage } from './crypto/ed25519.js';

export const TICKET_CONTEXT = 'linli.ticket.v1';
const PREFIX = 'LT1';
/** Ids as the server makes them (UUIDs, or short demo ids): no dots, nothing to escape. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;
/** The most people one sign-up may bring (shared/events bounds are lower; this only bounds parsing). */
const MAX_PARTY = 99;

export interface TicketClaims {
	eventId: string;
	signupId: string;
	roleId: string;
	partySize: number;
}

/** The key id a ticket names: the first 16 hex digits of the key's fingerprint. */
export const keyIdOf = (fingerprint: string) => fingerprint.slice(0, 16);

function body(claims: TicketClaims, keyId: string): string {
	return [
		PREFIX,
		claims.eventId,
		claims.signupId,
		claims.roleId,
		String(claims.partySize),
		keyId
	].join('.');
}

function checkClaims(claims: TicketClaims) {
	if (
		!ID.test(claims.eventId) ||
		!ID.test(claims.signupId) ||
		!ID.test(claims.roleId) ||
		!Number.isInteger(claims.partySize) ||
		claims.partySize < 1 ||
		claims.partySize > MAX_PARTY
	) {
		throw new TypeError('a ticket needs plain ids and a party size of 1 to 99');
	}
}

/** Signs a ticket with the server's ticket key (its 32-byte private seed and its fingerprint). */
export async function signTicket(
	privateKey: Uint8Array,
	fingerprint: string,
	claims: TicketClaims
): Promise<string> {
	checkClaims(claims);
	const text = body(claims, keyIdOf(fingerprint));
	const signature = await signMessage(privateKey, TICKET_CONTEXT, utf8(text));
	return `${text}.${toBase64Url(signature)}`;
}

export interface ParsedTicket {
	claims: TicketClaims;
	keyId: string;
	/** The signed part of the text. */
	signed: string;
	signature: Uint8Array;
}

/** Reads a ticket's parts without checking its signature; undefined when it is not a ticket. */
export function parseTicket(text: unknown): ParsedTicket | undefined {
	if (typeof text !== 'string' || text.length > 400) return undefined;
	const parts = text.trim().split('.');
	if (parts.length !== 7 || parts[0] !== PREFIX) return undefined;
	const [, eventId, signupId, roleId, party, keyId, sig] = parts as [
		string,
		string,
		string,
		string,
		string,
		string,
		string
	];
	if (!ID.test(eventId) || !ID.test(signupId) || !ID.test(roleId)) return undefined;
	if (!/^[1-9][0-9]?$/.test(party) || !KEY_ID.test(keyId) || !SIGNATURE.test(sig)) return undefined;
	const signature = fromBase64Url(sig);
	// Only the one canonical spelling: the last character's spare bits must be zero, so no two
	// texts pass for one ticket.
	if (!signature || signature.length !== 64 || toBase64Url(signature) !== sig) return undefined;
	return {
		claims: { eventId, signupId, roleId, partySize: Number(party) },
		keyId,
		signed: parts.slice(0, 6).join('.'),
		signature
	};
}

/** A public key a phone uses to check tickets (as GET /api/events/ticket-keys sends it). */
export interface TicketKey {
	fingerprint: string;
	/** The raw 32-byte public key, base64url. */
	publicKey: string;
}

export type TicketCheck =
	| { ok: true; claims: TicketClaims }
	| {
			ok: false;
			/**
			 * - malformed: not a Linli ticket (another QR code, a cut-off photo);
			 * - unknown_key: signed by a key this phone does not know (another server, or a key
			 *   newer than the phone's copy: refresh while online);
			 * - forged: the signature does not hold (changed by even one character);
			 * - other_event: a genuine ticket, for another event.
			 */
			reason: 'malformed' | 'unknown_key' | 'forged' | 'other_event';
			claims?: TicketClaims;
	  };

/**
 * Checks a scanned ticket offline against the keys the phone holds, for one event. Never throws.
 * Whether the sign-up is still valid (not cancelled, not admitted already) is the roster's
 * business, not the signature's.
 */
export async function verifyTicket(
	text: unknown,
	keys: readonly TicketKey[],
	eventId?: string
): Promise<TicketCheck> {
	const parsed = parseTicket(text);
	if (!parsed) return { ok: false, reason: 'malformed' };
	const key = keys.find((k) => keyIdOf(k.fingerprint) === parsed.keyId);
	const raw = key ? fromBase64Url(key.publicKey) : undefined;
	if (!raw || raw.length !== 32) return { ok: false, reason: 'unknown_key' };
	const good = await verifyMessage(raw, TICKET_CONTEXT, utf8(parsed.signed), parsed.signature);
	if (!good) return { ok: false, reason: 'forged' };
	if (eventId !== undefined && parsed.claims.eventId !== eventId)
		return { ok: false, reason: 'other_event', claims: parsed.claims };
	return { ok: true, claims: parsed.claims };
}
