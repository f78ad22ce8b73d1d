/**
 * The `Step Functions Execution Status Change` EventBridge event, and the asset its execution
 * belongs to: the execution input is the S3 or IVS event that started it.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import type { AssetRef } from '../shared/asset';
import { normaliseSourceEvent } from '../shared/source-event';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

export interface ExecutionStatusDetail {
  executionArn: string;
  stateMachineArn: string;
  name?: string;
  status: ExecutionStatus;
  /** Epoch milliseconds. */
  startDate?: number;
  stopDate?: number | null;
  /** The execution input as a JSON string; null when too large for the event (see inputDetails). */
  input?: string | null;
  inputDetails?: { included?: boolean } | null;
  output?: string | null;
  outputDetails?: { included?: boolean } | null;
  error?: string | null;
  cause?: string | null;
  redriveCount?: number;
  redriveDate?: number | null;
  redriveStatus?: string;
  redriveStatusReason?: string;
}

export type ExecutionStatusEvent = EventBridgeEvent<'Step Functions Execution Status Change', ExecutionStatusDetail>;

/** The event leaves the input out when it is too large; it must then be read with DescribeExecution. */
export function inputIncluded(detail: ExecutionStatusDetail): detail is ExecutionStatusDetail & { input: string } {
  return detail.inputDetails?.included !== false && typeof detail.input === 'string';
}

export type InputAsset = { ok: true; asset: AssetRef } | { ok: false; reason: string };

/** The asset of an execution, from its input; an input that is not a pipeline event names no asset. */
export function assetOfInput(input: string | undefined): InputAsset {
  if (input === undefined) return { ok: false, reason: 'the execution has no input' };
  let event: unknown;
  try {
    event = JSON.parse(input);
  } catch {
    return { ok: false, reason: 'the execution input is not JSON' };
  }
  try {
    return { ok: true, asset: normaliseSourceEvent(event) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
