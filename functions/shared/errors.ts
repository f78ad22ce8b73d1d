/**
 * Errors whose `name` the state machine matches in `Catch` and `Retry`. The Lambda runtime reports
 * `error.name` as `errorType`, which Step Functions uses as the error name.
 */

abstract class PipelineError extends Error {
  /** Spelled out rather than taken from the class, which bundlers may rename. */
  abstract override readonly name: string;
}

/** The event was delivered before: the asset is already registered by another execution. */
export class DuplicateEvent extends PipelineError {
  readonly name = 'DuplicateEvent';
}

/** A video under the sources prefix: it waits for a job manifest to name it and starts no asset itself. */
export class AwaitsManifest extends PipelineError {
  readonly name = 'AwaitsManifest';
}

/** The event is neither an S3 Object Created nor an IVS Recording End event. */
export class UnsupportedEvent extends PipelineError {
  readonly name = 'UnsupportedEvent';
}

/** Permanent: the input is not something the pipeline can process. Recorded as REJECTED. */
export class InputRejected extends PipelineError {
  readonly name: string = 'InputRejected';
}

/** Permanent: the input object is not a media file MediaInfo recognises. */
export class NotMedia extends InputRejected {
  readonly name = 'NotMedia';
}

/** Permanent: the branch needs audio and the input has none. */
export class NoAudio extends InputRejected {
  readonly name = 'NoAudio';
}

/** Error names the state machine catches as permanent input errors. */
export const REJECTION_ERRORS = ['NotMedia', 'NoAudio', 'InputRejected'] as const;

/** Transient: an IVS recording's metadata or media is not in S3 yet; the state machine retries. */
export class RecordingNotReady extends PipelineError {
  readonly name = 'RecordingNotReady';
}
