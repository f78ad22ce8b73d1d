/**
 * A CreateJob request that names a job template, with the template's settings applied:
 *
 * - Settings members the job sets win; the template's fill the rest (TimecodeConfig, ...).
 * - Inputs are the job's. A template's inputs are input settings without a file (InputTemplate),
 *   so the template's input at the same position is laid under each job input: a job that gives
 *   only `FileInput` gets the template's selectors, timecode source and clippings.
 * - Output groups are the template's, unless the job gives its own (then only the job's).
 * - Priority, StatusUpdateInterval, AccelerationSettings, Queue and HopDestinations come from the
 *   template when the job does not set them.
 */
import type { WireJobTemplate } from './job-templates';
import { deepMerge, isPlainObject } from './wire-case';

const REQUEST_DEFAULTS = ['priority', 'statusUpdateInterval', 'accelerationSettings', 'queue', 'hopDestinations'] as const;

export function applyTemplate(template: WireJobTemplate, request: Record<string, unknown>): Record<string, unknown> {
  const job = isPlainObject(request.settings) ? request.settings : {};
  const settings: Record<string, unknown> = { ...structuredClone(template.settings) };
  for (const [member, value] of Object.entries(job)) {
    if (member === 'inputs' || member === 'outputGroups') continue;
    settings[member] = structuredClone(value);
  }
  const templateInputs = Array.isArray(template.settings.inputs) ? template.settings.inputs : [];
  if (Array.isArray(job.inputs)) settings.inputs = job.inputs.map((input: unknown, index) => deepMerge(templateInputs[index] ?? {}, input));
  if (Array.isArray(job.outputGroups) && job.outputGroups.length > 0) settings.outputGroups = structuredClone(job.outputGroups);

  const merged: Record<string, unknown> = { ...request, settings, jobTemplate: template.name };
  for (const member of REQUEST_DEFAULTS) {
    if (merged[member] === undefined && template[member] !== undefined) merged[member] = structuredClone(template[member]);
  }
  return merged;
}
