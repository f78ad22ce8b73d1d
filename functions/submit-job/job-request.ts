/**
 * The CreateJob request of a branch: its template's settings filled in for the asset, the
 * template's priority and acceleration, and the metadata that routes the job's events back.
 */
import type { CreateJobRequest, JobSettings } from '@aws-sdk/client-mediaconvert';
import type { Branch } from '../shared/asset';
import type { Config } from '../shared/config';
import { clientRequestToken } from './client-token';
import type { BuilderConfig, JobInput } from './job-input';
import { buildJobSettings } from './job-settings';
import { TEMPLATES } from './templates';

export type RequestConfig = BuilderConfig & Pick<Config, 'mediaConvertRoleArn' | 'mediaConvertQueueArn' | 'pipelineName'>;

export interface JobRequest {
  request: CreateJobRequest;
  /** Name of the job template the job was built from, for the asset's job record. */
  template: string;
}

/**
 * Audio-only outputs (file outputs without video) rule out progress status updates in
 * MediaConvert: such jobs are sent without a status update interval.
 */
export function hasAudioOnlyOutputs(settings: JobSettings): boolean {
  return (settings.OutputGroups ?? []).some(
    (group) =>
      group.OutputGroupSettings?.Type === 'FILE_GROUP_SETTINGS' && (group.Outputs ?? []).some((output) => output.VideoDescription === undefined),
  );
}

export function buildJobRequest(branch: Branch, job: JobInput & { taskToken: string }, config: RequestConfig): JobRequest {
  const template = TEMPLATES[branch];
  const settings = buildJobSettings(branch, job, config);
  const request: CreateJobRequest = {
    Role: config.mediaConvertRoleArn,
    Settings: settings,
    // EventBridge routes job events to this pipeline by `pipeline`; the rest identifies the asset.
    UserMetadata: { assetId: job.assetId, pipeline: config.pipelineName, branch },
    ClientRequestToken: clientRequestToken(job.taskToken),
  };
  // The state machine's heartbeat is kept alive by STATUS_UPDATE events.
  if (!hasAudioOnlyOutputs(settings)) request.StatusUpdateInterval = template.StatusUpdateInterval ?? 'SECONDS_60';
  if (template.Priority !== undefined) request.Priority = template.Priority;
  if (template.AccelerationSettings) request.AccelerationSettings = { ...template.AccelerationSettings };
  if (config.mediaConvertQueueArn) request.Queue = config.mediaConvertQueueArn;
  return { request, template: template.Name };
}
