import { checkManifest, checkManifestText } from '../../../functions/shared/manifest-schema';
import { MANIFEST_MAX_BYTES } from '../../../functions/shared/manifest-limits';

const text = (value: unknown): Uint8Array => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

function problemsOf(value: unknown): string[] {
  const check = checkManifest(value);
  return check.ok ? [] : check.problems;
}

describe('job manifest validation', () => {
  it('accepts a manifest with every field', () => {
    // Prepare
    const manifest = {
      $schema: '../job-templates/manifest.schema.json',
      source: 'sources/clip.mp4',
      branch: 'dash',
      packaging: 'dash-iso',
      abr: { maxBitrate: 2_000_000, minBitrate: 400_000, maxRenditions: 4 },
      clip: { start: '00:00:01:00', end: 12.5 },
      thumbnails: { intervalSeconds: 2 },
      loudness: { thresholdDb: -60, clipSeconds: 30 },
      limits: { maxJobCostUsd: 0.5, maxSourceMinutes: 10 },
      metadata: { campaign: 'spring', 'cost centre': 'é-42' },
    };
    // Act
    const check = checkManifestText(text(manifest));
    // Assess
    expect(check).toEqual({ ok: true, manifest });
  });

  it('accepts a manifest that names only its source', () => {
    expect(checkManifest({ source: 'a.mp4' })).toEqual({ ok: true, manifest: { source: 'a.mp4' } });
  });

  it('refuses text that is not JSON, saying so at $', () => {
    const check = checkManifestText(text('{ "source": "a.mp4", }'));
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problems).toEqual([expect.stringMatching(/^at \$: found text that is not JSON \(.+\); allowed: a JSON object$/)]);
  });

  it('refuses JSON that is not an object', () => {
    expect(problemsOf(['a.mp4'])).toEqual([
      'at $: found a list of 1; allowed: an object with the fields source, branch, packaging, abr, clip, thumbnails, loudness, limits, metadata',
    ]);
  });

  it('refuses a manifest over 64 KiB before parsing it', () => {
    const check = checkManifestText(new Uint8Array(MANIFEST_MAX_BYTES + 1));
    expect(!check.ok && check.problems).toEqual([`at $: found a manifest of ${MANIFEST_MAX_BYTES + 1} bytes; allowed: at most 65536 bytes (64 KiB)`]);
  });

  it.each([
    [{}, 'at $.source: found nothing; allowed: a string of 1 to 1024 characters (source is required)'],
    [{ source: '' }, 'at $.source: found "" (a string); allowed: a string of 1 to 1024 characters'],
    [{ source: 7 }, 'at $.source: found 7 (a whole number); allowed: a string of 1 to 1024 characters'],
    [{ source: 'a.mp4', branch: 'stitch' }, 'at $.branch: found "stitch" (a string); allowed: one of "dash", "loudness"'],
    [{ source: 'a.mp4', packaging: 'hls' }, 'at $.packaging: found "hls" (a string); allowed: one of "cmaf", "dash-iso"'],
    [
      { source: 'a.mp4', abr: { maxBitrate: 'fast' } },
      'at $.abr.maxBitrate: found "fast" (a string); allowed: a whole number from 100000 to 100000000',
    ],
    [
      { source: 'a.mp4', abr: { minBitrate: 50_000 } },
      'at $.abr.minBitrate: found 50000 (a whole number); allowed: a whole number from 100000 to 100000000',
    ],
    [{ source: 'a.mp4', abr: { maxRenditions: 2.5 } }, 'at $.abr.maxRenditions: found 2.5 (a number); allowed: a whole number from 3 to 15'],
    [
      { source: 'a.mp4', abr: { maxRendition: 4 } },
      'at $.abr.maxRendition: found a field this manifest format does not have; allowed: an object with the fields maxBitrate, minBitrate, maxRenditions',
    ],
    [
      { source: 'a.mp4', abr: { minBitrate: 3_000_000, maxBitrate: 2_000_000 } },
      'at $.abr.minBitrate: found 3000000, above $.abr.maxBitrate (2000000); allowed: at most maxBitrate',
    ],
    [
      { source: 'a.mp4', clip: { start: '1:00' } },
      'at $.clip.start: found "1:00" (a string); allowed: a number of at least 0, or a timecode HH:MM:SS:FF or HH:MM:SS.mmm',
    ],
    [
      { source: 'a.mp4', clip: { end: -1 } },
      'at $.clip.end: found -1 (a whole number); allowed: a number of at least 0, or a timecode HH:MM:SS:FF or HH:MM:SS.mmm',
    ],
    [
      { source: 'a.mp4', clip: { from: 0 } },
      'at $.clip.from: found a field this manifest format does not have; allowed: an object with the fields start, end',
    ],
    [
      { source: 'a.mp4', thumbnails: { intervalSeconds: 0 } },
      'at $.thumbnails.intervalSeconds: found 0 (a whole number); allowed: a whole number from 1 to 3600',
    ],
    [{ source: 'a.mp4', loudness: { thresholdDb: 3 } }, 'at $.loudness.thresholdDb: found 3 (a whole number); allowed: a number from -99 to 0'],
    [
      { source: 'a.mp4', loudness: { clipSeconds: -5 } },
      'at $.loudness.clipSeconds: found -5 (a whole number); allowed: a whole number from 0 to 86400',
    ],
    [{ source: 'a.mp4', limits: { maxJobCostUsd: 0 } }, 'at $.limits.maxJobCostUsd: found 0 (a whole number); allowed: a number above 0'],
    [{ source: 'a.mp4', metadata: { owner: 5 } }, 'at $.metadata.owner: found 5 (a whole number); allowed: a string of at most 2048 characters'],
    [{ source: 'a.mp4', metadata: { '': 'x' } }, 'at $.metadata: found the field name ""; allowed: field names of 1 to 128 characters'],
    [
      { source: 'a.mp4', metadata: { big: 'é'.repeat(1100) } },
      'at $.metadata: found 2210 bytes of metadata (as JSON, UTF-8); allowed: at most 2048 bytes',
    ],
    [
      { source: 'a.mp4', Branch: 'dash' },
      'at $.Branch: found a field this manifest format does not have; allowed: an object with the fields source, branch, packaging, abr, clip, thumbnails, loudness, limits, metadata',
    ],
  ])('refuses %j: %s', (manifest, problem) => {
    // Act
    const problems = problemsOf(manifest);
    // Assess
    expect(problems).toEqual([problem]);
  });

  it('reports every problem of a manifest, each with its path', () => {
    const problems = problemsOf({ source: 'a.mp4', branch: 'x', abr: { maxBitrate: 1 } });
    expect(problems).toEqual([
      'at $.branch: found "x" (a string); allowed: one of "dash", "loudness"',
      'at $.abr.maxBitrate: found 1 (a whole number); allowed: a whole number from 100000 to 100000000',
    ]);
  });
});
