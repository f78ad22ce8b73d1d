/**
 * stitch branch: pre-roll + IVS recording + post-roll, the overlay on the recording only, to an
 * Automated ABR ladder (CMAF, or DASH ISO), an SD proxy, thumbnails, and a poster taken a tenth
 * into the recording (after the pre-roll, whose duration the handler reads).
 *
 * The bumpers are not looked up: a missing one fails the MediaConvert job, so an operator can
 * upload it and redrive the execution.
 */
import type { InsertableImage, JobSettings } from '@aws-sdk/client-mediaconvert';
import type { IvsSource } from '../shared/asset';
import { displayedSize, isIvsSource } from '../shared/asset';
import type { BuilderConfig, JobInput } from './job-input';
import { s3Uri } from '../shared/s3-uri';
import { malformedTemplate, templateSettings } from './templates';
import type { TranscodeConfig } from './transcode-outputs';
import { POSTER_SHARE, setTranscodeOutputs } from './transcode-outputs';

/** The recording's HLS master playlist, as its metadata names it (the probe sets it; paths are never guessed). */
export function recordingPlaylistKey(source: IvsSource): string {
  if (!source.playlist) {
    throw new TypeError(
      `The recording s3://${source.bucket}/${source.prefix} has no playlist in the payload; the Probe state sets it from ` +
        "the recording's metadata: check the SubmitStitchJob state's input",
    );
  }
  return source.playlist;
}

/** An overlay image whose template gives its position and size. */
export type PlacedImage = InsertableImage & Required<Pick<InsertableImage, 'ImageX' | 'ImageY' | 'Width' | 'Height'>>;

export function isPlaced(image: InsertableImage): image is PlacedImage {
  return image.ImageX !== undefined && image.ImageY !== undefined && image.Width !== undefined && image.Height !== undefined;
}

/**
 * Places the overlay in the top-right corner of a frame `frameWidth` pixels wide. The template
 * positions it for a reference frame (ImageX + Width + margin, the margin being ImageY); size and
 * margin scale with the frame so the overlay keeps its share of the picture.
 */
export function placeOverlay(image: PlacedImage, frameWidth: number | undefined): InsertableImage {
  const { ImageX, ImageY, Width, Height } = image;
  const referenceWidth = ImageX + Width + ImageY;
  if (frameWidth === undefined || frameWidth <= 0 || frameWidth === referenceWidth) return { ...image };
  const scale = frameWidth / referenceWidth;
  const width = Math.round(Width * scale);
  const margin = Math.round(ImageY * scale);
  return { ...image, Width: width, Height: Math.round(Height * scale), ImageY: margin, ImageX: frameWidth - width - margin };
}

export function buildStitchSettings(
  job: JobInput,
  config: Pick<BuilderConfig, keyof TranscodeConfig | 'assetsBucket' | 'prerollKey' | 'postrollKey' | 'overlayKey'>,
): JobSettings {
  const { assetId, state, source, probe } = job;
  if (!isIvsSource(source)) {
    throw new TypeError(`Asset ${assetId} (${state}): the stitch branch takes IVS recordings, not uploads; check the ChooseBranch state`);
  }

  const settings = templateSettings('stitch');
  const inputs = settings.Inputs ?? [];
  const [preroll, recording, postroll] = inputs;
  const images = recording?.ImageInserter?.InsertableImages;
  if (inputs.length !== 3 || !preroll || !recording || !postroll || !images?.length) {
    throw malformedTemplate('stitch', job, 'it needs three inputs (pre-roll, recording, post-roll) with the overlay image on the second');
  }
  if (!images.every(isPlaced)) {
    throw malformedTemplate('stitch', job, 'every overlay image needs ImageX, ImageY, Width and Height');
  }

  preroll.FileInput = s3Uri(config.assetsBucket, config.prerollKey);
  recording.FileInput = s3Uri(source.bucket, recordingPlaylistKey(source));
  postroll.FileInput = s3Uri(config.assetsBucket, config.postrollKey);
  const overlay = s3Uri(config.assetsBucket, config.overlayKey);
  recording.ImageInserter!.InsertableImages = images.map((image) => ({
    // The overlay sits on the picture as shown, turned by Rotate AUTO.
    ...placeOverlay(image, probe.video ? displayedSize(probe.video).width : undefined),
    ImageInserterInput: overlay,
  }));
  if (job.prerollMs === undefined) {
    throw new TypeError(
      `Asset ${assetId} (${state}): the stitch job needs the pre-roll's duration to place the poster; the submit-job handler reads it`,
    );
  }
  const posterSeconds = (job.prerollMs + probe.durationMs * POSTER_SHARE) / 1000;
  setTranscodeOutputs(settings, 'stitch', job, config, posterSeconds);
  return settings;
}
