/** Contract tests: the page contract's links, and that no page path is written outside it. */
module.exports = {
  displayName: 'types',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
};
