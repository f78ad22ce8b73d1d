/**
 * The order test files start in. Jest runs the longest first, by the times of the last run; without
 * them (a fresh clone) it goes by file size, which can leave a long browser or end-to-end file to
 * start last and run alone on one core. A file with no recorded time is given its tier's typical
 * time instead, so the slow tiers start first on a fresh clone too.
 */
const Sequencer = require('@jest/test-sequencer').default;

/** Typical seconds of one test file of each tier (`displayName` in jest.config.js). */
const TYPICAL_SECONDS = { browser: 30, e2e: 15, infra: 25, media: 4, local: 3, unit: 0.3 };

class TierSequencer extends Sequencer {
  time(test) {
    const recorded = super.time(test);
    if (recorded !== undefined) return recorded;
    const tier = test.context.config.displayName?.name;
    return (TYPICAL_SECONDS[tier] ?? 1) * 1000;
  }
}

module.exports = TierSequencer;
