/**
 * A job manifest: a `.vod.json` file uploaded beside a video, naming it and the settings its job
 * runs with. Every field but `source` is optional; what is unset takes the stack's settings.
 * The JSON Schema in `job-templates/manifest.schema.json` is what validates it.
 */
import type { Packaging } from './output-layout';

export interface JobManifest {
  /** The key of the video in the ingest bucket. */
  source: string;
  branch?: 'dash' | 'loudness';
  packaging?: Packaging;
  abr?: { maxBitrate?: number; minBitrate?: number; maxRenditions?: number };
  /** Timecodes (`HH:MM:SS:FF` or `HH:MM:SS.mmm`) or seconds. */
  clip?: { start?: string | number; end?: string | number };
  thumbnails?: { intervalSeconds?: number };
  loudness?: { thresholdDb?: number; clipSeconds?: number };
  /** Limits that protect the bill: a manifest may lower the stack's, never raise them. */
  limits?: { maxJobCostUsd?: number; maxSourceMinutes?: number };
  /** String values only, at most 2 KiB: copied onto the record and into notifications. */
  metadata?: Record<string, string>;
}

/** What a manifest asks of the jobs, as the state machine carries it from Probe on: `{}` for an asset without a manifest. */
export type ManifestSettings = Omit<JobManifest, 'source' | 'metadata'>;

/** Where an asset's manifest came from, and what it asked for (on the asset record). */
export interface ManifestRef {
  bucket: string;
  key: string;
  settings: JobManifest;
}
