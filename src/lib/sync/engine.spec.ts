import { describe, expect, it } from 'vitest';
import { STAFF_SESSION_REQUIRED } from '$shared/sync';
import { classify } from './engine';
import { TransportError } from './transport';

describe('what a failed sync tells the person', () => {
	it('a push refused for want of an organizer session asks them to sign in, and is not a lost device', () => {
		expect(classify(new TransportError('http', 'no session', 401, STAFF_SESSION_REQUIRED))).toEqual(
			{ problem: 'signin' }
		);
		expect(classify(new TransportError('http', 'unknown device', 401, 'unauthorized'))).toEqual({
			problem: 'device'
		});
	});

	it('keeps the other answers apart', () => {
		expect(classify(new TransportError('network', 'down'))).toEqual({ problem: 'offline' });
		expect(classify(new TransportError('http', 'slow down', 429, 'rate_limited', 30))).toEqual({
			problem: 'busy',
			retryAfter: 30
		});
		expect(classify(new TransportError('http', 'gone', 410, 'device_removed'))).toEqual({
			problem: 'removed'
		});
		expect(classify(new Error('boom'))).toEqual({ problem: 'server' });
	});
});
