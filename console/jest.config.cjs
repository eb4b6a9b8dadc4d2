/** Console unit tests: client logic and small components under jsdom. */
module.exports = {
  displayName: 'console',
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/*.test.ts?(x)'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', transform: { react: { runtime: 'automatic' } } } },
    ],
  },
  moduleNameMapper: { '\\.(css|less)$': '<rootDir>/src/test/styleStub.cjs' },
  setupFilesAfterEnv: ['<rootDir>/src/test/setup.ts'],
};
