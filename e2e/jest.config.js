/** Browser end-to-end tests: need the H5 and console builds and Debian's chromium (scripts/test.mjs sees to both). */
module.exports = {
  displayName: 'e2e',
  rootDir: '..',
  testEnvironment: '<rootDir>/e2e/environment.js',
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/e2e/globalSetup.ts',
  globalTeardown: '<rootDir>/e2e/globalTeardown.ts',
  testTimeout: 180_000,
  // Every file's portals and browsers are stopped (harness.ts); a stray handle must not hold CI until its limit.
  forceExit: true,
  // One file at a time by default; E2E_WORKERS=2 runs two (on the stand-in each file has one of its own:
  // harness.ts). On a loaded 2-core machine two at a time made slow pages time out, so it is opt-in.
  maxWorkers: Number(process.env.E2E_WORKERS ?? 1),
};
