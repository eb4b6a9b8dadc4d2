/** Resident app unit tests: client logic (money, dates, validation, timeline, errors, API client) under jsdom. */
module.exports = {
  displayName: 'miniprogram',
  testEnvironment: 'jsdom',
  // scripts/: the build checks (WeChat's own tools over a built mini-program), in node (see their docblocks).
  testMatch: ['<rootDir>/src/**/*.test.ts?(x)', '<rootDir>/scripts/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', transform: { react: { runtime: 'automatic' } } } }],
  },
  // Taro's runtime is not needed by the logic under test; tests import pure modules only.
  moduleNameMapper: { '\\.(css|scss)$': '<rootDir>/src/test/styleStub.cjs' },
};
