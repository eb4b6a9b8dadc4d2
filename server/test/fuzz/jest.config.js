/**
 * Schemathesis over /openapi.json against a whole portal (openapi.fuzz.ts). Its own project, run by
 * `npm test` as a step after jest on the real clock (the fuzzer is a Python process), or on its own:
 *   npx jest -c server/test/fuzz/jest.config.js
 */
module.exports = {
  displayName: 'fuzz',
  rootDir: '../../..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/server/test/fuzz/**/*.fuzz.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/server/test/globalSetup.ts',
  globalTeardown: '<rootDir>/server/test/globalTeardown.ts',
  // About 4 minutes on a quiet 2-core machine; 10 under load. The bound is for a hang, not for speed.
  testTimeout: 1_500_000,
  maxWorkers: 1,
  // A stray handle must not hold CI until its limit.
  forceExit: true,
};
