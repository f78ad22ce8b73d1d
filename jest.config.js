/**
 * The test tiers, as jest projects: `npm test` runs them all; `npm run test:unit` runs the pure unit
 * tier, which needs no ffmpeg, no MediaInfo, no local cloud and answers in seconds.
 *
 * - unit: pure domain and handler tests (AWS mocked);
 * - media: ffmpeg and MediaInfo (the local MediaConvert's engine, the probe on real files);
 * - local: the local cloud's services against real engines (s3rver, dynalite, the executor);
 * - infra: the CDK stack, synthesized;
 * - e2e: `vod` against a local cloud, and real `vod local up` processes;
 * - browser: pages and players in a headless Chromium.
 */

/** Shared by every tier. */
const common = {
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  transform: {
    // Type-checking is done once by `tsc --noEmit` in `npm test`; swc transpiles file by file, fast.
    // @middy/core and Powertools' middleware entry are ESM only: transpile them too.
    '^.+\\.[tj]s$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@middy|@aws-lambda-powertools)/)'],
};

/** Unit tests that run ffmpeg or MediaInfo on real media (regular expressions on the test's path). */
const MEDIA = [
  '/test/unit/local/mediaconvert-engine/.*\\.test\\.ts$',
  '/test/unit/local/mediaconvert-service\\.test\\.ts$',
  '/test/unit/probe/(handler|media-info|probe-recording|probe-upload|wasm-path)\\.test\\.ts$',
];
/** Unit tests of the local Step Functions, which run against a real (local) DynamoDB. */
const LOCAL_UNITS = ['/test/unit/local/stepfunctions/.*\\.test\\.ts$'];

const tier = (displayName, selection, testPathIgnorePatterns = []) => ({
  ...common,
  displayName,
  ...selection,
  testPathIgnorePatterns: ['/node_modules/', ...testPathIgnorePatterns],
});

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  testSequencer: '<rootDir>/test/sequencer.js',
  // Both cores: most tests wait on I/O (a local cloud, a child process), and the media tests bound their own ffmpeg work.
  maxWorkers: 2,
  projects: [
    tier('unit', { testMatch: ['<rootDir>/test/unit/**/*.test.ts'] }, [...MEDIA, ...LOCAL_UNITS]),
    tier('media', { testRegex: MEDIA }),
    tier('local', { testMatch: ['<rootDir>/test/local/**/*.test.ts', '<rootDir>/test/unit/local/stepfunctions/**/*.test.ts'] }),
    // One entry file, test/infra/stack.test.ts, imports the *.spec.ts files: one module registry for the tier.
    tier('infra', { testMatch: ['<rootDir>/test/infra/**/*.test.ts'] }),
    tier('e2e', { testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] }),
    tier('browser', { testMatch: ['<rootDir>/test/browser/**/*.test.ts'] }),
  ],
};
