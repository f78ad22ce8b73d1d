/** The test order on a fresh clone: the slow tiers start first, not the largest files. */
/** The members of jest's Test that the sequencer reads. */
interface Test {
  path: string;
  context: { config: { cache: boolean; displayName: { name: string } }; hasteFS: { getSize: (path: string) => number } };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest loads it as CommonJS, from its config
const TierSequencer = require('../sequencer') as new () => { sort(tests: Test[]): Test[] };

function testFile(path: string, tier: string, bytes: number): Test {
  // `cache: false` stands for a run with no recorded times.
  return { path, context: { config: { cache: false, displayName: { name: tier } }, hasteFS: { getSize: () => bytes } } };
}

describe('the test sequencer', () => {
  it('starts browser and end-to-end files before larger unit and local files when no time is recorded', () => {
    // Prepare
    const tests = [
      testFile('unit/big.test.ts', 'unit', 90_000),
      testFile('local/cloud.test.ts', 'local', 40_000),
      testFile('e2e/pipeline.test.ts', 'e2e', 20_000),
      testFile('browser/console.test.ts', 'browser', 10_000),
      testFile('media/engine.test.ts', 'media', 30_000),
    ];

    // Act
    const order = new TierSequencer().sort(tests).map((test) => test.path);

    // Assess
    expect(order).toEqual(['browser/console.test.ts', 'e2e/pipeline.test.ts', 'media/engine.test.ts', 'local/cloud.test.ts', 'unit/big.test.ts']);
  });
});
