/**
 * The job templates of job-templates/, one per branch. Each job is built from its template's
 * Settings (deep-copied), so what an operator imports into the console is what the pipeline runs.
 */
import type { CreateJobTemplateRequest, JobSettings } from '@aws-sdk/client-mediaconvert';
import type { Branch } from '../shared/asset';
import dash from '../../job-templates/dash-abr.json';
import loudness from '../../job-templates/loudness.json';
import stitch from '../../job-templates/stitch.json';
import type { JobInput } from './job-input';

export type JobTemplate = CreateJobTemplateRequest & { Name: string; Settings: NonNullable<CreateJobTemplateRequest['Settings']> };

// JSON imports type enum values as plain strings; test/unit/job-templates.test.ts type-checks each
// file as a CreateJobTemplateRequest literal, which is what makes this cast sound.
export const TEMPLATES: Record<Branch, JobTemplate> = {
  dash: dash as unknown as JobTemplate,
  stitch: stitch as unknown as JobTemplate,
  loudness: loudness as unknown as JobTemplate,
};

/** Where each branch's template lives in the repository, for the operator who has to fix it. */
export const TEMPLATE_FILES: Record<Branch, string> = {
  dash: 'job-templates/dash-abr.json',
  stitch: 'job-templates/stitch.json',
  loudness: 'job-templates/loudness.json',
};

/**
 * A template without the shape its branch fills in. A deployment defect, not an input error: the
 * state machine does not catch it, so the execution fails at its Submit state and a redrive after
 * the fix resumes there.
 */
export class JobTemplateError extends Error {
  readonly name = 'JobTemplateError';
}

export function malformedTemplate(branch: Branch, job: Pick<JobInput, 'assetId' | 'state'>, problem: string): JobTemplateError {
  return new JobTemplateError(
    `Asset ${job.assetId} (${job.state}): the ${branch} job template is malformed: ${problem}. ` +
      `Fix ${TEMPLATE_FILES[branch]}, deploy it, then redrive the execution.`,
  );
}

/** A fresh copy of the branch template's settings, safe to fill in. */
export function templateSettings(branch: Branch): JobSettings {
  // Template inputs (InputTemplate) are job inputs without a file: every member carries over.
  return structuredClone(TEMPLATES[branch].Settings);
}
