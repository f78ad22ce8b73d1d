/**
 * The job templates of job-templates/, one per branch. Each job is built from its template's
 * Settings (deep-copied), so what an operator imports into the console is what the pipeline runs.
 */
import type { CreateJobTemplateRequest, JobSettings } from '@aws-sdk/client-mediaconvert';
import type { Branch } from '../shared/asset';
import dash from '../../job-templates/dash-abr.json';
import loudness from '../../job-templates/loudness.json';
import stitch from '../../job-templates/stitch.json';

export type JobTemplate = CreateJobTemplateRequest & { Name: string; Settings: NonNullable<CreateJobTemplateRequest['Settings']> };

// JSON imports type enum values as plain strings; test/unit/job-templates.test.ts type-checks each
// file as a CreateJobTemplateRequest literal, which is what makes this cast sound.
export const TEMPLATES: Record<Branch, JobTemplate> = {
  dash: dash as unknown as JobTemplate,
  stitch: stitch as unknown as JobTemplate,
  loudness: loudness as unknown as JobTemplate,
};

/** A fresh copy of the branch template's settings, safe to fill in. */
export function templateSettings(branch: Branch): JobSettings {
  // Template inputs (InputTemplate) are job inputs without a file: every member carries over.
  return structuredClone(TEMPLATES[branch].Settings);
}
