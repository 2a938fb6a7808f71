import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { admit, promotions, waitlistPositions, type Place } from './capacity';

const place = (id: string, status: Place['status'], order: number): Place => ({
	id,
	status,
	order
});

describe('places and the waitlist', () => {
	it('confirms until full, then waitlists', () => {
		expect(admit([], 2)).toBe('confirmed');
		expect(admit([place('a', 'confirmed', 1)], 2)).toBe('confirmed');
		expect(admit([place('a', 'confirmed', 1), place('b', 'confirmed', 2)], 2)).toBe('waitlisted');
		expect(admit([place('a', 'confirmed', 1), place('b', 'cancelled', 2)], 2)).toBe('confirmed');
	});

	it('promotes the longest-waiting first when places free up', () => {
		const places = [
			place('a', 'cancelled', 1),
			place('b', 'confirmed', 2),
			place('d', 'waitlisted', 4),
			place('c', 'waitlisted', 3)
		];
		expect(promotions(places, 2)).toEqual(['c']);
		expect(promotions(places, 3)).toEqual(['c', 'd']);
		expect(promotions(places, 1)).toEqual([]);
		expect(waitlistPositions(places)).toEqual(
			new Map([
				['c', 1],
				['d', 2]
			])
		);
	});

	it('orders a waitlist totally: equal arrival numbers fall back to the id, whatever the input order', () => {
		const a = place('a', 'waitlisted', 7);
		const b = place('b', 'waitlisted', 7);
		const c = place('c', 'waitlisted', 3);
		for (const input of [
			[a, b, c],
			[b, c, a],
			[c, b, a]
		]) {
			expect(promotions([place('x', 'confirmed', 1), ...input], 3)).toEqual(['c', 'a']);
			expect([...waitlistPositions(input)]).toEqual([
				['c', 1],
				['a', 2],
				['b', 3]
			]);
		}
	});

	it('never confirms more than the capacity, whatever the order of sign-ups and cancellations', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 5 }),
				fc.array(fc.oneof(fc.constant('join'), fc.nat(20)), { maxLength: 40 }),
				(capacity, steps) => {
					const places: Place[] = [];
					for (const step of steps) {
						if (step === 'join')
							places.push(place(`p${places.length}`, admit(places, capacity), places.length));
						else {
							const target = places[step % Math.max(1, places.length)];
							if (!target || target.status === 'cancelled') continue;
							target.status = 'cancelled';
							for (const id of promotions(places, capacity))
								places.find((p) => p.id === id)!.status = 'confirmed';
						}
						const confirmed = places.filter((p) => p.status === 'confirmed').length;
						const waiting = places.filter((p) => p.status === 'waitlisted').length;
						expect(confirmed).toBeLessThanOrEqual(capacity);
						// Nobody waits while a place is free.
						if (waiting > 0) expect(confirmed).toBe(capacity);
					}
				}
			)
		);
	});
});

describe('places of several people (event sign-ups for a party)', () => {
	const sized = (id: string, status: Place['status'], order: number, size: number): Place => ({
		id,
		status,
		order,
		size
	});
	it('confirms a party only when all of it fits, and never ahead of someone waiting', () => {
		expect(admit([sized('a', 'confirmed', 1, 3)], 4, 2)).toBe('waitlisted');
		expect(admit([sized('a', 'confirmed', 1, 3)], 4, 1)).toBe('confirmed');
		expect(admit([sized('a', 'confirmed', 1, 1), sized('b', 'waitlisted', 2, 4)], 4, 1)).toBe(
			'waitlisted'
		);
		expect(admit([], Infinity, 10)).toBe('confirmed');
	});
	it('promotes in arrival order while the head of the queue fits', () => {
		const places = [
			sized('a', 'confirmed', 1, 1),
			sized('b', 'waitlisted', 2, 3),
			sized('c', 'waitlisted', 3, 1)
		];
		expect(promotions(places, 3)).toEqual([]);
		expect(promotions(places, 4)).toEqual(['b']);
		expect(promotions(places, 5)).toEqual(['b', 'c']);
	});
});
