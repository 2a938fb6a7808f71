/** Shared by playwright.config.ts (which starts the server) and the tests. */
export const E2E_PORT = 4173;
export const E2E_DATA = 'test-results/e2e-data';
export const E2E_ADMIN = { email: 'admin@linli.test', password: 'quiet balcony songs at dusk 42' };
