/**
 * Errors of the local MediaConvert engine.
 *
 * Settings errors are found by planning, before anything runs (the API answers them with a 400,
 * as MediaConvert answers invalid settings at CreateJob). Job errors happen while a job runs and
 * carry MediaConvert's documented error code, which the job's ERROR event reports.
 */

/** A setting the local engine cannot run: its path names it, e.g. `Settings.Inputs[0].FileInput`. */
export class JobSettingsError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'JobSettingsError';
  }
}

/** A setting MediaConvert has but the local engine does not implement. */
export class UnsupportedSettingError extends JobSettingsError {
  constructor(path: string, detail?: string) {
    super(
      path,
      `${path} is not supported by the local MediaConvert${detail ? ` (${detail})` : ''}. ` +
        'Remove it from the job settings, or run the job on AWS Elemental MediaConvert.',
    );
    this.name = 'UnsupportedSettingError';
  }
}

/** A setting whose value MediaConvert itself would reject, or that is missing. */
export class InvalidSettingError extends JobSettingsError {
  constructor(path: string, problem: string) {
    super(path, `${path} ${problem}`);
    this.name = 'InvalidSettingError';
  }
}

/**
 * MediaConvert's job error codes (User Guide, "Error codes") that the local engine reports.
 */
export const ERROR_CODES = {
  /** File access error: an input exists but cannot be opened or read as media; an image fails to download. */
  fileAccess: 1010,
  /** Missing video error: an output needs video and no input has any. */
  missingVideo: 1020,
  /** Job settings compatibility error, e.g. an audio track an audio selector names is not in the input. */
  settingsCompatibility: 1040,
  /** Timecode clipping error: the clipping region is not in the input. */
  timecodeClipping: 1060,
  /** File open error, e.g. a media segment an HLS playlist lists cannot be read. */
  fileOpen: 1056,
  /** File not found error: the S3 object or bucket does not exist. */
  fileNotFound: 1404,
  /** S3 write error: writing an output failed. */
  s3Write: 1517,
  /** Unexpected error, e.g. ffmpeg failing for a reason the engine cannot classify. */
  unexpected: 1999,
  /** HLS manifest error: an HLS input that does not conform. */
  hlsManifest: 3400,
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** A job that failed while running, with the error code its ERROR event carries. */
export class JobFailedError extends Error {
  constructor(
    readonly errorCode: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JobFailedError';
  }
}

/** A job whose run was cancelled through its abort signal; its processes are killed. */
export class JobCanceledError extends Error {
  constructor(message = 'The job was canceled; its ffmpeg processes were stopped.') {
    super(message);
    this.name = 'JobCanceledError';
  }
}
