/** The contract package's tests: the typed API client core (plain logic, and compile checks of typed calls). */
module.exports = {
  displayName: 'types',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
};
