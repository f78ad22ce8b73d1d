/**
 * Execution status: infrastructure failures are not caught in the state machine (so a redrive
 * resumes at the failing state), so the asset's FAILED status is written here, from the
 * execution's status change event; a redrive starting sets the status back, and counts the redrive
 * from the execution's own count whenever its event arrives. Each final status (the execution's
 * end) and each redrive start is announced here, once, as an `Asset Status Change` event.
 */
import { FINAL_STATUSES } from '../shared/asset';
import { getAsset, markFailed, markRedriven, recordRedriveCount } from '../shared/asset-table';
import { lambdaErrorOf } from '../shared/lambda-error';
import { pipelineHandler } from '../shared/handler';
import { logger } from '../shared/logger';
import { describeExecution, failureFromHistory } from './execution-api';
import type { ExecutionStatusEvent } from './execution-event';
import { assetOfInput, inputIncluded } from './execution-event';
import { announceFailure, announceFinal, announceRedrive } from './announce';
import { failureRecord, isUnsuccessful, reportedCause } from './failure-record';
import { redriveWrite } from './redrive-write';

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
  const succeeded = status === 'SUCCEEDED';
  if (!failedStatus && !succeeded && !(status === 'RUNNING' && redriveCount > 0)) {
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

  if (succeeded) {
    await announceFinal(assetId, executionArn, redriveCount);
    return;
  }
  if (!failedStatus) {
    await recordRedrive(assetId, executionArn, redriveCount);
    await announceRedrive(assetId, executionArn, redriveCount);
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
  const scan = await failureFromHistory(executionArn);
  const error = failureRecord(failedStatus, detail, scan);
  // The function's stack trace goes to this log, not onto the record.
  const lambdaError = lambdaErrorOf(reportedCause(detail, scan));
  const marked = await markFailed(asset, error, { executionArn, redriveCount });
  if (marked) logger.warn('Execution failed; asset marked FAILED', { error, ...(lambdaError ? { lambdaError } : {}) });
  else logger.info('Failure not recorded: the asset changed meanwhile (final, or a later redrive)', { error });
  await announceFailure(assetId, executionArn, redriveCount);
});

/** Reads of the record a redrive write makes before giving up: the redriven run writes statuses meanwhile. */
const REDRIVE_ATTEMPTS = 4;

/**
 * A redriven run's RUNNING event, handled whenever it arrives: before the run ends it sets the
 * asset back in progress; after (a fast run's COMPLETE already written) it only counts the redrive.
 */
async function recordRedrive(assetId: string, executionArn: string, redriveCount: number): Promise<void> {
  const runGoing = async () => {
    const current = await describeExecution(executionArn);
    return current.status === 'RUNNING' && (current.redriveCount ?? 0) === redriveCount;
  };
  for (let attempt = 1; attempt <= REDRIVE_ATTEMPTS; attempt += 1) {
    const asset = await getAsset(assetId);
    if (!asset) {
      logger.info('Redrive not recorded: the execution registered no asset');
      return;
    }
    const write = await redriveWrite(asset, { executionArn, redriveCount }, runGoing);
    const seen = { assetStatus: asset.status, assetRedriveCount: asset.redriveCount, assetExecutionArn: asset.executionArn };
    if (write === 'none') {
      logger.info('Redrive already recorded, or the asset belongs to another execution', seen);
      return;
    }
    const written =
      write === 'resume' ? await markRedriven(asset, redriveCount, executionArn) : await recordRedriveCount(assetId, redriveCount, executionArn);
    if (written) {
      logger.info(write === 'resume' ? 'Redrive started; asset back in progress' : 'Redrive counted; the status stays as the run left it', seen);
      return;
    }
  }
  // Thrown so that EventBridge delivers the event again.
  throw new Error(
    `Execution status: asset ${assetId}: redrive ${redriveCount} of ${executionArn} not recorded; the record changed on each of ${REDRIVE_ATTEMPTS} reads. ` +
      'The event is delivered again; if it keeps failing, check what writes the asset.',
  );
}
