/**
 * loudness branch: a measure-only ITU-R BS.1770 job over the first seconds of a mezzanine file,
 * one audio selector and one audio track per input track, each logging its loudness to CSV.
 *
 * The template's audio selector and audio description are patterns, repeated per track. Audio
 * selector n (from 1) selects probe.audioTracks[n-1] and feeds audio track n of the output, which
 * is what the n in the log names refers to (see output-layout.ts).
 */
import type { AacCodingMode, AudioDescription, AudioSelector, JobSettings, Output } from '@aws-sdk/client-mediaconvert';
import type { AudioTrack } from '../shared/asset';
import { isIvsSource } from '../shared/asset';
import { InputRejected, NoAudio } from '../shared/errors';
import type { BuilderConfig, JobInput } from './job-input';
import { loudnessDestination, loudnessTrackNameModifier } from '../shared/output-layout';
import { s3Uri } from '../shared/s3-uri';
import { secondsTimecode } from './timecode';
import { malformedTemplate, templateSettings } from './templates';

/**
 * MediaConvert publishes no limit on audio selectors per input or audio tracks per output; this is
 * the pipeline's own bound, well above the 16 tracks of the largest mezzanine layouts it targets.
 */
export const MAX_LOUDNESS_TRACKS = 32;

interface AacLayout {
  codingMode: AacCodingMode;
  bitrate: number;
}

/**
 * AAC coding mode for a track's channel count. AAC in MediaConvert codes 1.0, 2.0 and 5.1; for
 * other counts CODING_MODE_AUTO lets MediaConvert pick the closest of those from the input.
 */
export function aacLayout(channels: number): AacLayout {
  switch (channels) {
    case 1:
      return { codingMode: 'CODING_MODE_1_0', bitrate: 64000 };
    case 2:
      return { codingMode: 'CODING_MODE_2_0', bitrate: 96000 };
    case 6:
      return { codingMode: 'CODING_MODE_5_1', bitrate: 192000 };
    default:
      return { codingMode: 'CODING_MODE_AUTO', bitrate: 192000 };
  }
}

export function audioSelectorName(position: number): string {
  return `Audio Selector ${position}`;
}

function tracksOf(job: JobInput): AudioTrack[] {
  const { probe } = job;
  if (probe.audioTracks.length > 0) return probe.audioTracks;
  // A probe that counted tracks without describing them: select them by number, layout unknown.
  return Array.from({ length: probe.audioCount }, (_, i) => ({ index: i + 1, codec: 'unknown', channels: 0, sampleRate: 0 }));
}

function describe(pattern: AudioDescription, track: AudioTrack, position: number): AudioDescription {
  const description = structuredClone(pattern);
  const { codingMode, bitrate } = aacLayout(track.channels);
  description.AudioSourceName = audioSelectorName(position);
  // The template's codec is checked before any track is described.
  const aac = description.CodecSettings!.AacSettings!;
  aac.CodingMode = codingMode;
  aac.Bitrate = bitrate;
  return description;
}

export function buildLoudnessSettings(job: JobInput, config: Pick<BuilderConfig, 'outputBucket' | 'loudnessClipSeconds'>): JobSettings {
  const { assetId, state, source, probe } = job;
  if (isIvsSource(source)) {
    throw new TypeError(`Asset ${assetId} (${state}): the loudness branch takes uploads, not IVS recordings; check the ChooseBranch state`);
  }
  const uri = s3Uri(source.bucket, source.key);
  const tracks = tracksOf(job);
  if (tracks.length === 0) {
    throw new NoAudio(
      `Asset ${assetId} (${state}): ${uri} has no audio track, so there is no loudness to measure. ` +
        'Upload a file with audio tracks; a video without audio belongs outside the loudness prefix.',
    );
  }
  if (tracks.length > MAX_LOUDNESS_TRACKS) {
    throw new InputRejected(
      `Asset ${assetId} (${state}): ${uri} has ${tracks.length} audio tracks; the loudness analysis measures at most ` +
        `${MAX_LOUDNESS_TRACKS}. Split the file into files of at most ${MAX_LOUDNESS_TRACKS} tracks and upload those.`,
    );
  }

  const settings = templateSettings('loudness');
  const input = settings.Inputs?.[0];
  const group = settings.OutputGroups?.[0];
  const output = group?.Outputs?.[0];
  const selectorPattern = Object.values(input?.AudioSelectors ?? {})[0];
  const descriptionPattern = output?.AudioDescriptions?.[0];
  if (!input || !group?.OutputGroupSettings?.FileGroupSettings || !output || !selectorPattern || !descriptionPattern) {
    throw malformedTemplate('loudness', job, 'it needs one input with an audio selector and one file output with an audio description');
  }
  if (!descriptionPattern.CodecSettings?.AacSettings) {
    throw malformedTemplate('loudness', job, 'its audio description must be AAC with AacSettings');
  }

  input.FileInput = uri;
  input.AudioSelectors = Object.fromEntries(
    tracks.map((track, i): [string, AudioSelector] => [audioSelectorName(i + 1), { ...structuredClone(selectorPattern), Tracks: [track.index] }]),
  );
  const clipSeconds = config.loudnessClipSeconds;
  // Clip only what is longer than the clip: an end beyond the input is not a valid clipping.
  if (clipSeconds > 0 && probe.durationMs > clipSeconds * 1000) {
    input.InputClippings = [{ StartTimecode: secondsTimecode(0), EndTimecode: secondsTimecode(clipSeconds) }];
  } else {
    delete input.InputClippings;
  }
  group.OutputGroupSettings.FileGroupSettings.Destination = loudnessDestination(config.outputBucket, assetId);

  const descriptions = tracks.map((track, i) => describe(descriptionPattern, track, i + 1));
  if (probe.video) {
    output.AudioDescriptions = descriptions;
  } else {
    // MediaConvert allows one audio track per audio-only output: one output per track instead.
    group.Outputs = descriptions.map((description, i): Output => {
      const audioOnly = structuredClone(output);
      delete audioOnly.VideoDescription;
      audioOnly.NameModifier = loudnessTrackNameModifier(i + 1);
      audioOnly.AudioDescriptions = [description];
      return audioOnly;
    });
  }
  return settings;
}
