/** Resident app unit tests: client logic (money, dates, validation, timeline, errors, API client) under jsdom. */
module.exports = {
  displayName: 'miniprogram',
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/*.test.ts?(x)'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', transform: { react: { runtime: 'automatic' } } } }],
  },
  // Taro's runtime is not needed by the logic under test; tests import pure modules only.
  moduleNameMapper: { '\\.(css|scss)$': '<rootDir>/src/test/styleStub.cjs' },
};
