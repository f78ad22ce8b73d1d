/**
 * The local MediaConvert's job engine.
 *
 * - planJob(settings) validates job settings (SDK shape; jobSettingsFromWire converts the REST
 *   API's lower-camel-case form) and returns the plan. Throws JobSettingsError (UnsupportedSettingError
 *   or InvalidSettingError), whose message names the setting's path: answer it as CreateJob answers
 *   invalid settings (400 BadRequestException). `plan.ignoredSettings` lists what was accepted
 *   without local effect, and why.
 * - runJob(plan, storage, { onProgress, signal }) runs it with ffmpeg and resolves with the COMPLETE
 *   event's `outputGroupDetails` (plus the loudness logs it wrote). It rejects with JobFailedError
 *   (`errorCode`: MediaConvert's code, 1404 for a missing input) for the ERROR event, or with
 *   JobCanceledError once `signal` aborts (its ffmpeg processes are killed).
 */
export { planJob } from './plan';
export { runJob } from './run-job';
export type { JobResult, LoudnessLogResult, OutputDetail, OutputGroupDetail, RunJobOptions } from './run-job';
export type { JobPlan } from './job-plan';
export type { JobStorage } from './storage';
export { FfmpegRunner, sharedFfmpegRunner } from './ffmpeg-runner';
export { FFMPEG_PATH_ENV, ffmpegPath } from './ffmpeg-path';
export { ERROR_CODES, InvalidSettingError, JobCanceledError, JobFailedError, JobSettingsError, UnsupportedSettingError } from './errors';
export { jobSettingsFromWire } from './wire-settings';
