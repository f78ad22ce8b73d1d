/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type-checking is done once by `tsc --noEmit` in `npm test`; transpiling per file keeps jest fast.
    // @middy/core and Powertools' middleware entry are ESM only: transpile them too.
    '^.+\\.[tj]s$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node16' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@middy|@aws-lambda-powertools)/)'],
  testTimeout: 30000,
};
