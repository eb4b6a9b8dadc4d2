/** Every package's jest project; `npm test` runs them together (scripts/test.mjs). */
module.exports = {
  projects: ['<rootDir>/server', '<rootDir>/config', '<rootDir>/console/jest.config.cjs', '<rootDir>/miniprogram/jest.config.cjs'],
};
