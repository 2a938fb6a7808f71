// Regenerates tests/fixtures/packs/<name>.expected.txt from what the checker reports now:
//   LINLI_WRITE_EXPECTATIONS=1 npx vitest run tests/unit/pack-check.test.ts
// Only after a deliberate change to the checker; then READ the diff, which is the test's truth.
export const WRITE = process.env.LINLI_WRITE_EXPECTATIONS === '1';
