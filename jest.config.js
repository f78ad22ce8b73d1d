/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  transform: {
    // Type-checking is done once by `tsc --noEmit` in `npm test`; transpiling file by file keeps jest fast.
    // @middy/core and Powertools' middleware entry are ESM only: transpile them too.
    '^.+\\.[tj]s$': [
      'ts-jest',
      { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', moduleResolution: 'node16' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@middy|@aws-lambda-powertools)/)'],
  testTimeout: 30000,
};
