/**
 * Silent-track classification: a track whose Input Max Loudness stays below the threshold is
 * silent. The audible tracks' channels give the audio layout.
 */
import type { AudioLayout, AudioTrack, LoudnessResult } from '../shared/asset';

/**
 * What an infinitely quiet reading is recorded as: just below the -143.27 dB MediaConvert reports
 * for digital silence, because the record (JSON, DynamoDB numbers) cannot hold -Infinity.
 */
export const SILENCE_FLOOR_DB = -144;

/** Rounded to 0.01 dB; a non-finite reading (only -Infinity is parsed) floored; never -0. */
export function recordedLoudness(value: number): number {
  const finite = Number.isFinite(value) ? value : SILENCE_FLOOR_DB;
  return Math.round(finite * 100) / 100 || 0;
}

export function audioLayout(channels: number): AudioLayout {
  switch (channels) {
    case 0:
      return 'none';
    case 1:
      return 'mono';
    case 2:
      return 'stereo';
    case 6:
      return '5.1';
    default:
      return 'other';
  }
}

/** A track's channels, by its 1-based index, else by position; a track the probe did not describe counts as mono. */
function channelsOf(track: number, audioTracks: AudioTrack[]): number {
  const described = audioTracks.find((candidate) => candidate.index === track) ?? audioTracks[track - 1];
  return described?.channels ?? 1;
}

/** `maxLoudness[i]` is track i + 1's Input Max Loudness in dB. */
export function classifyLoudness(maxLoudness: number[], audioTracks: AudioTrack[], thresholdDb: number): LoudnessResult {
  const recorded = maxLoudness.map(recordedLoudness);
  // The recorded (rounded) values are compared, so the record never contradicts itself.
  const loudnessMap = recorded.map((value): 0 | 1 => (value < thresholdDb ? 0 : 1));
  const silentTracks = loudnessMap.flatMap((audible, i) => (audible ? [] : [i + 1]));
  const audibleChannels = loudnessMap.reduce<number>((sum, audible, i) => sum + (audible ? channelsOf(i + 1, audioTracks) : 0), 0);
  return { thresholdDb, maxLoudness: recorded, loudnessMap, silentTracks, layout: audioLayout(audibleChannels) };
}
