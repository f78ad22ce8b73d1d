/**
 * Whether an execution can be redriven, with AWS's reasons: only FAILED, TIMED_OUT and ABORTED
 * executions, within 14 days of their stop. The local executor resumes flat state machines only.
 */
import type { ExecutionRedriveStatus } from '@aws-sdk/client-sfn';
import { nestedStates, type AslDefinition } from './definition';
import type { ExecutionRecord } from './store';

const REDRIVABLE_PERIOD_MS = 14 * 24 * 3600 * 1000;

export interface RedriveEligibility {
  redriveStatus: ExecutionRedriveStatus;
  redriveStatusReason?: string;
}

export function redriveEligibility(record: ExecutionRecord, definition: AslDefinition, now: Date): RedriveEligibility {
  if (record.status === 'RUNNING' || record.status === 'SUCCEEDED') {
    return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: `Execution is ${record.status} and cannot be redriven` };
  }
  const nested = nestedStates(definition);
  if (nested.length > 0) {
    return {
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: `The local executor redrives state machines without Parallel or Map states; this one has ${nested.join(', ')}. Start a new execution instead.`,
    };
  }
  if (record.stopDate && now.getTime() - new Date(record.stopDate).getTime() > REDRIVABLE_PERIOD_MS) {
    return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution redrivable period exceeded' };
  }
  return { redriveStatus: 'REDRIVABLE' };
}
