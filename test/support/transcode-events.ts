/**
 * COMPLETE output groups of this pipeline's transcode jobs, in MediaConvert's shapes (see the AWS
 * samples under test/fixtures/aws-events/mediaconvert/), at the names of functions/shared/output-layout.ts.
 */
import type { OutputGroupDetail } from '../../functions/job-events/job-state-change';
import { NAME_MODIFIERS, transcodeLayout } from '../../functions/shared/output-layout';

export interface TranscodeGroupsOptions {
  bucket?: string;
  audio?: boolean;
  /** Thumbnail captures (one every `intervalMs`); 0 leaves the group out. */
  thumbnails?: number;
  intervalMs?: number;
  poster?: boolean;
  durationMs?: number;
}

const frame = (destination: string, modifier: string, index: number) => `${destination}${modifier}.${String(index).padStart(7, '0')}.jpg`;

/** A CMAF ladder (HLS + DASH), the SD proxy, thumbnail captures and the poster capture. */
export function cmafTranscodeGroups(assetId: string, options: TranscodeGroupsOptions = {}): OutputGroupDetail[] {
  const { bucket = 'outputs', audio = true, thumbnails = 5, intervalMs = 10_000, poster = true, durationMs = 47_000 } = options;
  const layout = transcodeLayout(bucket, assetId);
  const groups: OutputGroupDetail[] = [
    {
      type: 'CMAF_GROUP',
      playlistFilePaths: [layout.cmafDashManifest, layout.hlsManifest],
      outputDetails: [
        { durationInMs: durationMs, videoDetails: { widthInPx: 1280, heightInPx: 720 } },
        ...(audio ? [{ durationInMs: durationMs }] : []),
      ],
    },
    {
      type: 'FILE_GROUP',
      outputDetails: [{ outputFilePaths: [layout.proxy], durationInMs: durationMs, videoDetails: { widthInPx: 640, heightInPx: 360 } }],
    },
  ];
  if (thumbnails > 0) {
    groups.push({
      type: 'FILE_GROUP',
      outputDetails: [
        {
          outputFilePaths: [frame(layout.thumbnailsDestination, NAME_MODIFIERS.thumbnail, thumbnails - 1)],
          durationInMs: thumbnails * intervalMs,
          videoDetails: { widthInPx: 320, heightInPx: 180 },
        },
      ],
    });
  }
  if (poster) {
    groups.push({
      type: 'FILE_GROUP',
      outputDetails: [
        {
          outputFilePaths: [frame(layout.posterDestination, NAME_MODIFIERS.poster, 2)],
          durationInMs: 3000,
          videoDetails: { widthInPx: 1280, heightInPx: 720 },
        },
      ],
    });
  }
  return groups;
}
