/**
 * MediaConvert's on-demand prices the cost estimate uses: us-east-1, the first volume tier of
 * normalized minutes, as the pricing page gave them on the date below. Update the date and the
 * numbers together, from the page named in `source`; a deployment can override any number with a
 * JSON file of the same shape (the `mediaConvertPriceTable` setting), which then names its own
 * date and source.
 *
 * How MediaConvert bills (the pricing page): every output is billed per minute of its duration,
 * in one-second increments with a 10-second minimum, at its tier's rate times the multipliers of
 * its resolution, frame rate, codec and quality (passes); audio-only outputs have their own rate,
 * and audio normalization is an add-on per output minute.
 */

export interface MediaConvertPriceTable {
  /** The day the numbers were read from `source`. */
  asOf: string;
  region: string;
  source: string;
  /** USD per normalized output minute, first volume tier. */
  perMinute: { basic: number; professional: number };
  /** USD per minute of an output without video. */
  audioOnlyPerMinute: { basic: number; professional: number };
  /** USD per output minute, on top of the rate, for outputs whose audio uses AudioNormalizationSettings. */
  audioNormalizationPerMinute: number;
  multipliers: {
    /** SD: fewer pixels than 1280×720; HD: up to 1920×1080; UHD: more. */
    resolution: { sd: number; hd: number; uhd: number };
    frameRate: { upTo30: number; upTo60: number; above60: number };
    /** By MediaConvert's VideoCodec; a codec not listed takes `other`. */
    codec: Record<string, number> & { other: number };
    /** By H.264/H.265 QualityTuningLevel. */
    quality: { SINGLE_PASS: number; SINGLE_PASS_HQ: number; MULTI_PASS_HQ: number };
  };
  /** An output shorter than this is billed as this long. */
  minimumBilledSeconds: number;
}

/**
 * Read from https://aws.amazon.com/mediaconvert/pricing/ (on-demand, us-east-1). The Basic and
 * Professional base rates, the HD multiplier, AV1's 3.5 and the audio-only rate are the page's;
 * the UHD and 30-60 fps multipliers are its per-minute rates divided by the SD one. The numbers
 * marked "assumed" were not legible in the copy of the page this table was made from: they are
 * kept at a cautious ratio, and are the first to check when the table is updated.
 */
export const MEDIACONVERT_PRICES: MediaConvertPriceTable = {
  asOf: '2026-12-03',
  region: 'us-east-1',
  source: 'https://aws.amazon.com/mediaconvert/pricing/',
  perMinute: { basic: 0.0075, professional: 0.012 },
  audioOnlyPerMinute: { basic: 0.003, professional: 0.003 },
  // assumed: the page lists audio normalization, with Dolby audio, as a per-minute add-on.
  audioNormalizationPerMinute: 0.003,
  multipliers: {
    resolution: { sd: 1, hd: 2, uhd: 4 },
    // above60 assumed: twice the 30-60 fps class as 30-60 is twice the up-to-30 one.
    frameRate: { upTo30: 1, upTo60: 2, above60: 4 },
    // H_265, MPEG2 and other assumed. FRAME_CAPTURE outputs (assumed) are priced as video minutes of their size.
    codec: { H_264: 1, FRAME_CAPTURE: 1, VP8: 1, VP9: 1, MPEG2: 1, H_265: 2, AV1: 3.5, other: 2 },
    // SINGLE_PASS_HQ and MULTI_PASS_HQ assumed.
    quality: { SINGLE_PASS: 1, SINGLE_PASS_HQ: 1.5, MULTI_PASS_HQ: 2 },
  },
  minimumBilledSeconds: 10,
};

/** What an asset record names as the source of its estimate. */
export function priceTableLabel(table: MediaConvertPriceTable): string {
  return `MediaConvert on-demand ${table.region} ${table.asOf} (${table.source})`;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Overlays `override` on `base`, keeping base's shape: every number must be a finite number ≥ 0. */
function overlay(base: Json, override: Json, at: string, problems: string[], open: boolean): Json {
  const result: Json = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const path = at ? `${at}.${key}` : key;
    const current = base[key];
    if (current === undefined && !open) {
      problems.push(`${path} is not a price table field`);
    } else if (isObject(current)) {
      if (!isObject(value)) problems.push(`${path} is not an object`);
      else result[key] = overlay(current, value, path, problems, path === 'multipliers.codec');
    } else if (typeof current === 'string') {
      if (typeof value !== 'string' || value === '') problems.push(`${path} is not a non-empty string`);
      else result[key] = value;
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push(`${path} ${JSON.stringify(value)} is not a number ≥ 0`);
    } else {
      result[key] = value;
    }
  }
  return result;
}

/**
 * The table with `override` (parsed JSON) laid over it. An override must name its own `asOf` and
 * `source`, so a record never attributes changed numbers to the published page.
 */
export function overridePrices(override: unknown, base: MediaConvertPriceTable = MEDIACONVERT_PRICES): MediaConvertPriceTable {
  const problems: string[] = [];
  if (!isObject(override)) {
    problems.push('it is not a JSON object');
  } else {
    for (const field of ['asOf', 'source'] as const) {
      if (typeof override[field] !== 'string') problems.push(`${field} is missing: name the date and the source of the numbers`);
    }
  }
  const table = problems.length === 0 ? overlay(base as unknown as Json, override as Json, '', problems, false) : undefined;
  if (problems.length > 0) {
    throw new Error(
      `mediaConvertPriceTable: ${problems.join('; ')}; give a JSON object shaped like MEDIACONVERT_PRICES in functions/shared/mediaconvert-prices.ts`,
    );
  }
  return table as unknown as MediaConvertPriceTable;
}
