/**
 * An execution as the Execution page draws it: DescribeExecution, the definition it ran (the
 * version of the execution where Step Functions can say, else the state machine's) and every page
 * of its history, oldest first. Serialised as JSON: dates become ISO strings.
 */
import type { DescribeExecutionCommandOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { DescribeExecutionCommand, DescribeStateMachineCommand, DescribeStateMachineForExecutionCommand } from '@aws-sdk/client-sfn';
import { executionHistory } from '../../cli/commands/executions';
import type { Target } from '../../cli/target';
import type { ExecutionSummary } from '../shared/api-replies';

export interface ExecutionViewData {
  execution: Omit<DescribeExecutionCommandOutput, '$metadata' | 'input' | 'output'>;
  definition: string;
  events: HistoryEvent[];
}

/** The definition the execution ran. DescribeStateMachineForExecution is not served everywhere (the local cloud): fall back. */
async function definitionOf(target: Target, executionArn: string, stateMachineArn: string): Promise<string> {
  try {
    const { definition } = await target.clients.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    if (definition) return definition;
  } catch {
    // Falls back to the state machine's current definition.
  }
  const { definition } = await target.clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
  return definition ?? '{}';
}

/** Refuses ARNs of other state machines' executions: the console shows this pipeline only. */
export function isPipelineExecution(target: Target, executionArn: string): boolean {
  const [, , , region, account, , machine] = target.info.stateMachineArn.split(':');
  return executionArn.startsWith(`arn:aws:states:${region}:${account}:execution:${machine}:`);
}

export async function executionSummary(target: Target, executionArn: string): Promise<ExecutionSummary<Date>> {
  const described = await target.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  return {
    executionArn,
    name: described.name,
    status: described.status,
    startDate: described.startDate,
    stopDate: described.stopDate,
    redriveCount: described.redriveCount ?? 0,
    redriveDate: described.redriveDate,
  };
}

export async function executionView(target: Target, executionArn: string): Promise<ExecutionViewData> {
  const described = await target.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
  // The input and output are the asset's event and result: the page does not need them.
  const { $metadata: _metadata, input: _input, output: _output, ...execution } = described;
  const [definition, events] = await Promise.all([
    definitionOf(target, executionArn, described.stateMachineArn ?? target.info.stateMachineArn),
    executionHistory(target, executionArn),
  ]);
  return { execution, definition, events };
}
