/**
 * Execution status: infrastructure failures are not caught in the state machine (so a redrive
 * resumes at the failing state), so the asset's FAILED status is written here, from the
 * execution's status change event; a redrive starting sets the status back.
 */
import { FINAL_STATUSES } from '../shared/asset';
import { getAsset, markFailed, markRedriven } from '../shared/asset-table';
import { pipelineHandler } from '../shared/handler';
import { logger } from '../shared/logger';
import { describeExecution, failureFromHistory } from './execution-api';
import type { ExecutionStatusEvent } from './execution-event';
import { assetOfInput, inputIncluded } from './execution-event';
import { failureRecord, isUnsuccessful } from './failure-record';

export const handler = pipelineHandler(async (event: ExecutionStatusEvent): Promise<void> => {
  const detail = event?.detail;
  if (typeof detail?.executionArn !== 'string' || typeof detail.status !== 'string') {
    throw new TypeError(
      `Execution status: event ${event?.id} is not a Step Functions Execution Status Change; check the executionStatus rule's pattern`,
    );
  }
  const { executionArn, status } = detail;
  const redriveCount = detail.redriveCount ?? 0;
  logger.appendKeys({ executionArn, executionStatus: status, redriveCount });

  const failedStatus = isUnsuccessful(status) ? status : undefined;
  if (!failedStatus && !(status === 'RUNNING' && redriveCount > 0)) {
    logger.info('Execution status not handled; ignored');
    return;
  }

  const input = inputIncluded(detail) ? detail.input : (await describeExecution(executionArn)).input;
  const found = assetOfInput(input);
  if (!found.ok) {
    logger.info('The execution input names no asset; nothing to record', { reason: found.reason });
    return;
  }
  const { assetId } = found.asset;
  logger.appendKeys({ assetId });

  if (!failedStatus) {
    // Events can arrive out of order: once this run has ended or been redriven again, later events decide.
    const current = await describeExecution(executionArn);
    if (current.status !== 'RUNNING' || (current.redriveCount ?? 0) > redriveCount) {
      logger.info('The redriven run already ended or was redriven again; later status events record the result', { current: current.status });
      return;
    }
    const marked = await markRedriven(assetId, redriveCount, executionArn);
    logger.info(marked ? 'Redrive started; asset back in progress' : 'Redrive not recorded: the asset is missing, final, or another execution\'s');
    return;
  }

  // Checked before reading the history: duplicates' executions and runs that failed before registering have no asset.
  const asset = await getAsset(assetId);
  if (!asset || asset.executionArn !== executionArn || FINAL_STATUSES.includes(asset.status)) {
    logger.info('Failure not recorded: the asset is missing, belongs to another execution, or is final', {
      assetStatus: asset?.status,
      assetExecutionArn: asset?.executionArn,
    });
    return;
  }
  const error = failureRecord(failedStatus, detail, await failureFromHistory(executionArn));
  const marked = await markFailed(asset, error, { executionArn, redriveCount });
  if (marked) logger.warn('Execution failed; asset marked FAILED', { error });
  else logger.info('Failure not recorded: the asset changed meanwhile (final, or a later redrive)', { error });
});
