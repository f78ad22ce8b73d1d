/**
 * Frame capture series. A frame capture output writes `<destination><name modifier>.<n>.jpg`, n
 * zero-padded from 0, one capture per interval; the COMPLETE event lists only the LAST capture's
 * path, and reports the output's duration as captures over capture rate (the documented sample: 37
 * captures, 185000 ms, one every 5 s). The series and its interval follow from those two.
 */
import { isS3Uri, parseS3Uri } from '../shared/s3-uri';

export interface FrameSeries {
  /** s3:// URI of the folder holding the captures, with its trailing slash. */
  folder: string;
  /** The captures' file names, in capture order. */
  names: string[];
  /** Time between captures; undefined when the event reports no duration for the output. */
  intervalMs?: number;
}

const CAPTURE = /^(.*)\.(\d+)\.jpg$/i;

/** The series ending at `lastCapture`, or undefined if the path is not a numbered capture. */
export function frameSeries(lastCapture: string, durationInMs?: number): FrameSeries | undefined {
  if (!isS3Uri(lastCapture)) return undefined;
  const { bucket, key } = parseS3Uri(lastCapture);
  const slash = key.lastIndexOf('/');
  const match = CAPTURE.exec(key.slice(slash + 1));
  if (!match) return undefined;
  const [, stem, digits] = match;
  const count = Number(digits) + 1;
  const names = Array.from({ length: count }, (_, index) => `${stem}.${String(index).padStart(digits.length, '0')}.jpg`);
  const series: FrameSeries = { folder: `s3://${bucket}/${key.slice(0, slash + 1)}`, names };
  if (typeof durationInMs === 'number' && Number.isFinite(durationInMs) && durationInMs > 0) {
    series.intervalMs = durationInMs / count;
  }
  return series;
}
