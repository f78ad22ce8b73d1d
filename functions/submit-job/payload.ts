/**
 * The payload the Submit*Job states send (state-machines/pipeline.asl.json), checked before use: a
 * malformed one is a wiring error, reported as such rather than as a bad input.
 */
import type { AssetSource, Branch, Origin, Probe } from '../shared/asset';
import type { ManifestSettings } from '../shared/job-manifest';
import type { Fields } from '../shared/asset-ref-check';
import { assetRefProblems, isObject, isText } from '../shared/asset-ref-check';

export interface SubmitJobEvent {
  assetId: string;
  origin: Origin;
  source: AssetSource;
  probe: Probe;
  branch: Branch;
  /** What the asset's job manifest asks for: `{}` without one (validated by the probe). */
  settings?: ManifestSettings;
  taskToken: string;
  executionArn: string;
  state: string;
}

const BRANCHES: readonly Branch[] = ['stitch', 'dash', 'loudness'];
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

function problems(event: Fields): string[] {
  const found = assetRefProblems(event);
  for (const field of ['taskToken', 'executionArn', 'state'] as const) {
    if (!isText(event[field])) found.push(`${field} is not a non-empty string`);
  }
  if (!BRANCHES.includes(event.branch as Branch)) found.push(`branch ${JSON.stringify(event.branch)} is not one of ${BRANCHES.join(', ')}`);
  if (event.settings !== undefined && !isObject(event.settings)) found.push('settings is not an object');

  const probe = event.probe;
  if (!isObject(probe)) {
    found.push('probe is missing');
  } else {
    if (!isCount(probe.audioCount)) found.push('probe.audioCount is not a count');
    if (typeof probe.durationMs !== 'number') found.push('probe.durationMs is not a number');
    const tracks = probe.audioTracks;
    if (!Array.isArray(tracks) || !tracks.every((t) => isObject(t) && isCount(t.index) && t.index > 0 && typeof t.channels === 'number')) {
      found.push('probe.audioTracks is not a list of tracks with a 1-based index and a channel count');
    }
    if (probe.video !== undefined && probe.video !== null && !isObject(probe.video)) found.push('probe.video is not an object');
  }
  return found;
}

export function parseSubmitJobEvent(event: unknown): SubmitJobEvent {
  const found = isObject(event) ? problems(event) : ['the payload is not an object'];
  if (found.length > 0) {
    const id = isObject(event) && isText(event.assetId) ? ` for asset ${event.assetId}` : '';
    const state = isObject(event) && isText(event.state) ? event.state : 'Submit*Job';
    throw new TypeError(
      `SubmitJob: invalid payload${id}: ${found.join('; ')}. Check the Parameters of the ${state} state in state-machines/pipeline.asl.json`,
    );
  }
  const valid = event as unknown as SubmitJobEvent;
  // JSONPath passes a missing video as null at most; treat it as absent.
  if (valid.probe.video === null) delete valid.probe.video;
  return valid;
}
