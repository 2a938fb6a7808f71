import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config';

describe('server configuration from the environment', () => {
	it('uses the embedded SQLite database under DATA_DIR by default', () => {
		const config = loadConfig({ DATA_DIR: '/srv/linli' });
		expect(config.databaseUrl).toBeUndefined();
		expect(config.sqlitePath).toBe('/srv/linli/linli.sqlite');
		expect(config.retentionDays).toBe(90);
	});

	it('uses PostgreSQL for postgres:// and postgresql:// URLs', () => {
		for (const url of ['postgres://u@db/linli', 'postgresql://u@db/linli'])
			expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
	});

	it('refuses any other DATABASE_URL instead of quietly falling back to SQLite', () => {
		expect(() => loadConfig({ DATABASE_URL: 'mysql://u@db/linli' })).toThrow(/postgres:\/\//);
		expect(() => loadConfig({ DATABASE_URL: 'postgre://typo' })).toThrow(/DATABASE_URL/);
	});

	it('deletes withdrawn volunteers sooner than the privacy notice promises if asked, never later', () => {
		expect(loadConfig({ LINLI_RETENTION_DAYS: '30' }).retentionDays).toBe(30);
		expect(() => loadConfig({ LINLI_RETENTION_DAYS: '365' })).toThrow(/privacy notice promises/);
	});

	it('reads limits as positive whole numbers and ignores nonsense', () => {
		const config = loadConfig({ LINLI_RATE_CLIENT_PER_MINUTE: '5', LINLI_RETENTION_DAYS: '-3' });
		expect(config.rateLimits.clientWritesPerMinute).toBe(5);
		expect(config.retentionDays).toBe(90);
	});

	it('reads the neighbourhood time zone, refuses a name that is not one, and falls back to the system zone', () => {
		expect(loadConfig({ LINLI_TIME_ZONE: 'Asia/Taipei' }).timeZone).toBe('Asia/Taipei');
		expect(() => loadConfig({ LINLI_TIME_ZONE: 'Taipei' })).toThrow(/IANA name/);
		expect(loadConfig({}).timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
	});

	it('names the organization that runs the server from LINLI_ORG_NAME, trimmed, and none when blank', () => {
		expect(loadConfig({ LINLI_ORG_NAME: '  大安區仁愛里辦公處 ' }).orgName).toBe(
			'大安區仁愛里辦公處'
		);
		expect(loadConfig({ LINLI_ORG_NAME: '   ' }).orgName).toBeUndefined();
		expect(loadConfig({}).orgName).toBeUndefined();
		expect(loadConfig({ LINLI_ORG_NAME: 'x'.repeat(500) }).orgName).toHaveLength(120);
	});
});
