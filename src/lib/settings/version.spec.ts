import { describe, expect, it } from 'vitest';
import { appVersion } from './version';

describe('the version shown in Settings', () => {
	it('reads a build timestamp as the date the build was made', () => {
		expect(appVersion('0.1.0', '1795968999184')).toEqual({
			release: '0.1.0',
			builtAt: 1795968999184
		});
	});

	it('keeps a build id that someone chose as it is', () => {
		expect(appVersion('0.1.0', 'update-test-m3x')).toEqual({
			release: '0.1.0',
			build: 'update-test-m3x'
		});
		expect(appVersion('0.2.0', '42')).toEqual({ release: '0.2.0', build: '42' });
	});
});
