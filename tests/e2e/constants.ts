/** Shared by playwright.config.ts (which starts the server) and the tests. */
/** LINLI_E2E_PORT lets two checkouts run their browser suites side by side. */
export const E2E_PORT = Number(process.env.LINLI_E2E_PORT) || 4173;
/** A second server, for the tests that swap deployments. */
export const E2E_SECOND_PORT = E2E_PORT + 7;
export const E2E_DATA = 'test-results/e2e-data';
export const E2E_ADMIN = { email: 'admin@linli.test', password: 'quiet balcony songs at dusk 42' };
