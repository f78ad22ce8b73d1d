/** Errors of the loudness classification. None is caught by the state machine: the execution fails here and can be redriven. */

/** The job's temporary folder is not under this asset's loudness temporary prefix. */
export class TemporaryFolderRefused extends Error {
  readonly name = 'TemporaryFolderRefused';
}

/** The loudness logs do not match the probed audio tracks one to one. */
export class LoudnessLogsMismatch extends Error {
  readonly name = 'LoudnessLogsMismatch';
}

/** A loudness log holds no Input Max Loudness value. */
export class LoudnessLogUnreadable extends Error {
  readonly name = 'LoudnessLogUnreadable';
}
