/**
 * The `Step Functions Execution Status Change` EventBridge event (source `aws.states`): the detail
 * carries what DescribeExecution returns, dates in epoch milliseconds, absent values as null.
 */
import type { EventEntry } from '../eventbridge/types';
import type { RedriveEligibility } from './redrive';
import type { ExecutionRecord } from './store';

const epochMs = (iso: string | undefined) => (iso === undefined ? null : new Date(iso).getTime());

export function statusChangeEvent(record: ExecutionRecord, eligibility: RedriveEligibility, time: Date): EventEntry {
  return {
    source: 'aws.states',
    detailType: 'Step Functions Execution Status Change',
    resources: [record.executionArn],
    time,
    detail: {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: epochMs(record.startDate),
      stopDate: epochMs(record.stopDate),
      input: record.input,
      inputDetails: { included: true },
      output: record.output ?? null,
      outputDetails: record.output === undefined ? null : { included: true },
      error: record.error ?? null,
      cause: record.cause ?? null,
      redriveCount: record.redriveCount,
      redriveDate: epochMs(record.redriveDate),
      redriveStatus: eligibility.redriveStatus,
      redriveStatusReason: eligibility.redriveStatusReason ?? null,
    },
  };
}
