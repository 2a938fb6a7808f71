/**
 * Plain text with its web links and phone numbers found, for the renderer to turn into taps. The
 * text is never HTML: each piece is rendered as text, and a link only when its address passed
 * safeHref (http, https or tel; anything else stays text).
 */
import { safeHref } from '$lib/lessons/safe-url';

export type Piece =
	| { kind: 'text'; text: string }
	| { kind: 'link'; text: string; href: string }
	| { kind: 'phone'; text: string; href: string };

// A web address up to the next space (trailing punctuation left out); or a phone number: an
// optional +, then digits with single spaces, dashes or brackets, 8 digits or more in all, or a
// hotline of 3–5 digits standing alone (999, 1823).
const PATTERN =
	/(https?:\/\/[^\s<>"'，。、；：！？）》」』]+)|(\+?\d(?:[ -]?\(?\d\)?){7,14})|((?<![\d.])\d{3,5}(?![\d.]))/gu;
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function linkify(text: string): Piece[] {
	const pieces: Piece[] = [];
	let last = 0;
	for (const match of text.matchAll(PATTERN)) {
		let found = match[0];
		const start = match.index;
		if (match[1]) found = found.replace(TRAILING, '');
		if (start > last) pieces.push({ kind: 'text', text: text.slice(last, start) });
		const href = match[1] ? safeHref(found) : safeHref(`tel:${found.replace(/[^\d+]/g, '')}`);
		if (!href) pieces.push({ kind: 'text', text: found });
		else pieces.push({ kind: match[1] ? 'link' : 'phone', text: found, href });
		last = start + found.length;
	}
	if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
	return pieces;
}
