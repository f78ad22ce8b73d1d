/**
 * The rendition ladder of an Automated ABR output. MediaConvert chooses renditions by analysing
 * the content; locally the ladder is a fixed H.264 reference ladder (for each height, the highest
 * rung of Apple's HLS authoring specification; 1440p and 2160p extrapolated) cut to the job's
 * limits: no rendition above the source (or the output's Width/Height, MediaConvert's "max
 * resolution"), average bitrates within MinAbrBitrate…MaxAbrBitrate, at most MaxRenditions.
 */

export interface AbrLimits {
  /** Default 8 Mb/s, as MediaConvert. */
  maxAbrBitrate: number;
  /** Default 600 kb/s, as MediaConvert. */
  minAbrBitrate: number;
  /** Default 15, as MediaConvert. */
  maxRenditions: number;
}

export const ABR_DEFAULTS: AbrLimits = { maxAbrBitrate: 8_000_000, minAbrBitrate: 600_000, maxRenditions: 15 };

export interface Rendition {
  width: number;
  height: number;
  /** Average bitrate in bits per second. */
  bitrate: number;
}

/** Heights and average bitrates (16:9, about 30 fps). */
const REFERENCE: readonly { height: number; bitrate: number }[] = [
  { height: 2160, bitrate: 16_800_000 },
  { height: 1440, bitrate: 11_600_000 },
  { height: 1080, bitrate: 7_800_000 },
  { height: 720, bitrate: 4_500_000 },
  { height: 540, bitrate: 2_000_000 },
  { height: 432, bitrate: 1_100_000 },
  { height: 360, bitrate: 365_000 },
  { height: 234, bitrate: 145_000 },
];

const even = (value: number): number => Math.max(2, Math.round(value / 2) * 2);

/** Reference bitrate for a height, interpolated by pixel count between the reference rungs. */
function referenceBitrate(height: number): number {
  const above = [...REFERENCE].reverse().find((rung) => rung.height >= height) ?? REFERENCE[0];
  const below = REFERENCE.find((rung) => rung.height <= height) ?? REFERENCE[REFERENCE.length - 1];
  if (above.height === below.height) return above.bitrate;
  const pixels = (h: number) => h * h;
  const share = (pixels(height) - pixels(below.height)) / (pixels(above.height) - pixels(below.height));
  return Math.round(below.bitrate + share * (above.bitrate - below.bitrate));
}

/** Picks `count` of `items`, evenly spread, always keeping the first and the last. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  if (count === 1) return [items[0]];
  const picked = Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]);
  return [...new Set(picked)];
}

/**
 * The ladder for a source of `width` x `height` (display aspect), highest rendition first.
 * `maxWidth`/`maxHeight` are the ABR output's Width/Height when set.
 *
 * Rungs are chosen on the picture's short side (a 720p rung of a portrait source is 720 wide),
 * so every rendition keeps the source's orientation and aspect ratio, with even dimensions and
 * none larger than the source.
 */
export function abrLadder(source: { width: number; height: number }, limits: AbrLimits, max: { width?: number; height?: number } = {}): Rendition[] {
  const portrait = source.height > source.width;
  // Long side over short side: the factor from a rung's short side to its long side.
  const aspect = portrait ? source.height / source.width : source.width / source.height;
  const short = portrait ? source.width : source.height;
  const [maxShort, maxLong] = portrait ? [max.width, max.height] : [max.height, max.width];
  const floorEven = (value: number): number => Math.max(2, Math.floor(value / 2) * 2);
  let top = short;
  if (maxShort !== undefined) top = Math.min(top, maxShort);
  if (maxLong !== undefined) top = Math.min(top, maxLong / aspect);
  top = floorEven(top);
  const longLimit = floorEven(Math.min(portrait ? source.height : source.width, maxLong ?? Infinity));

  const sides = [top, ...REFERENCE.map((rung) => rung.height).filter((side) => side < top * 0.95)];
  const clamp = (bitrate: number) => Math.min(limits.maxAbrBitrate, Math.max(limits.minAbrBitrate, bitrate));
  const ladder: Rendition[] = [];
  for (const side of sides) {
    const bitrate = clamp(referenceBitrate(side));
    // A smaller picture at no lower bitrate adds nothing over the rendition above it.
    const above = ladder[ladder.length - 1];
    if (above && bitrate >= above.bitrate) continue;
    const long = Math.min(longLimit, even(side * aspect));
    ladder.push(portrait ? { width: side, height: long, bitrate } : { width: long, height: side, bitrate });
  }
  return spread(ladder, limits.maxRenditions);
}
