/** Every package's jest project; `npm test` runs them together (scripts/test.mjs). */
module.exports = {
  // Global options (jest ignores these inside a project's own config).
  testTimeout: 60_000,
  // A test that leaves a socket or child open must not hang CI; each file closes what it starts.
  forceExit: true,
  // A worker is replaced once it holds this much after a file: every file loads the whole server again
  // (jest's module registry), and a worker that reached ~4.5 GB spent its time collecting garbage until
  // every test in it timed out.
  workerIdleMemoryLimit: '2GB',
  projects: [
    '<rootDir>/server',
    '<rootDir>/config',
    '<rootDir>/types/jest.config.cjs',
    '<rootDir>/console/jest.config.cjs',
    '<rootDir>/miniprogram/jest.config.cjs',
  ],
};
