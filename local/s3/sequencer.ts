/**
 * S3 event sequencers: hex strings that order the writes to a key. The asset id derives from the
 * sequencer, so two writes must never share one, even within a millisecond or across a restart.
 */

/** Returns a generator of strictly increasing, fixed-width, upper-case hex sequencers. */
export function sequencerClock(now: () => number = Date.now): () => string {
  let last = 0n;
  return () => {
    // Milliseconds in the high bits, room for 65536 writes per millisecond below.
    const candidate = BigInt(now()) << 16n;
    last = candidate > last ? candidate : last + 1n;
    return last.toString(16).toUpperCase().padStart(18, '0');
  };
}
