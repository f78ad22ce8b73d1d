/**
 * Reads and writes of the asset record (see asset.ts). Every write stamps `updatedAt`, which the
 * status index sorts on.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AssetCost, AssetError, AssetRecord, AssetStatus, Branch, JobRecord, LoudnessResult, Outputs, Probe, UploadSource } from './asset';
import { FINAL_STATUSES } from './asset';
import { dynamo } from './clients';
import { conditionalWrite } from './conditional-write';
import { loadConfig } from './config';
import type { ManifestRef } from './job-manifest';

const now = (): string => new Date().toISOString();

function table(): string {
  return loadConfig().assetTable;
}

export async function getAsset(assetId: string): Promise<AssetRecord | undefined> {
  const result = await dynamo().send(new GetCommand({ TableName: table(), Key: { assetId }, ConsistentRead: true }));
  return result.Item as AssetRecord | undefined;
}

/**
 * Registers a new asset. Returns false when another execution registered it first (a duplicate
 * event); a retry by the same execution counts as its own registration.
 */
export async function registerAsset(record: Omit<AssetRecord, 'createdAt' | 'updatedAt' | 'status'> & { executionArn: string }): Promise<boolean> {
  const at = now();
  return conditionalWrite(
    new PutCommand({
      TableName: table(),
      Item: { ...record, status: 'REGISTERED', redriveCount: 0, createdAt: at, updatedAt: at },
      ConditionExpression: 'attribute_not_exists(assetId) OR executionArn = :executionArn',
      ExpressionAttributeValues: { ':executionArn': record.executionArn },
    }),
  );
}

interface Assignments {
  [attribute: string]: unknown;
}

/**
 * `SET a = :a, b = :b` on an existing asset, optionally guarded by an extra condition.
 * Returns false when the asset is missing or the guard does not hold.
 */
async function update(
  assetId: string,
  set: Assignments,
  options: { remove?: string[]; guard?: string; guardValues?: Record<string, unknown> } = {},
): Promise<boolean> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ...options.guardValues };
  const clauses = Object.entries({ ...set, updatedAt: now() }).map(([attribute, value]) => {
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    return `#${attribute} = :${attribute}`;
  });
  for (const attribute of options.remove ?? []) names[`#${attribute}`] = attribute;
  const remove = options.remove?.length ? ` REMOVE ${options.remove.map((a) => `#${a}`).join(', ')}` : '';
  const guard = options.guard ? ` AND (${options.guard})` : '';
  if (options.guard?.includes('#status')) names['#status'] = 'status';
  return conditionalWrite(
    new UpdateCommand({
      TableName: table(),
      Key: { assetId },
      UpdateExpression: `SET ${clauses.join(', ')}${remove}`,
      ConditionExpression: `attribute_exists(assetId)${guard}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

const notFinal = {
  guard: 'NOT #status IN (:complete, :rejected)',
  guardValues: { ':complete': FINAL_STATUSES[0], ':rejected': FINAL_STATUSES[1] },
};

export function markProbing(assetId: string): Promise<boolean> {
  return update(assetId, { status: 'PROBING' satisfies AssetStatus }, notFinal);
}

export function recordProbe(assetId: string, probe: Probe): Promise<boolean> {
  return update(assetId, { probe }, notFinal);
}

/** An asset started by a job manifest: its source becomes the video the manifest names, and it keeps the manifest and its metadata. */
export function recordManifest(assetId: string, source: UploadSource, manifest: ManifestRef): Promise<boolean> {
  const metadata = manifest.settings.metadata ? { metadata: manifest.settings.metadata } : {};
  return update(assetId, { source, manifest, ...metadata }, notFinal);
}

/** Records a submitted job (the job list keeps every attempt, newest last) and, when given, the asset's cost with it. */
export async function recordJob(assetId: string, branch: Branch, job: JobRecord, cost?: AssetCost): Promise<boolean> {
  const status: AssetStatus = branch === 'loudness' ? 'ANALYZING' : 'TRANSCODING';
  const at = now();
  return conditionalWrite(
    new UpdateCommand({
      TableName: table(),
      Key: { assetId },
      UpdateExpression:
        'SET #status = :status, #branch = :branch, #jobs = list_append(if_not_exists(#jobs, :empty), :job), #updatedAt = :at' +
        (cost ? ', #cost = :cost' : ''),
      ConditionExpression: 'attribute_exists(assetId) AND NOT #status IN (:complete, :rejected)',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#branch': 'branch',
        '#jobs': 'jobs',
        '#updatedAt': 'updatedAt',
        ...(cost ? { '#cost': 'cost' } : {}),
      },
      ExpressionAttributeValues: {
        ':status': status,
        ':branch': branch,
        ':job': [job],
        ':empty': [],
        ':at': at,
        ':complete': 'COMPLETE',
        ':rejected': 'REJECTED',
        ...(cost ? { ':cost': cost } : {}),
      },
    }),
  );
}

/**
 * Updates one job of the record in place. Finds its position first, then writes it guarded by
 * the job id at that position, so a concurrent append cannot make it write the wrong entry.
 */
export async function updateJob(assetId: string, jobId: string, patch: Partial<JobRecord>): Promise<boolean> {
  const asset = await getAsset(assetId);
  const index = asset?.jobs?.findIndex((job) => job.jobId === jobId) ?? -1;
  if (!asset || index < 0) return false;
  const job = { ...asset.jobs![index], ...patch };
  return conditionalWrite(
    new UpdateCommand({
      TableName: table(),
      Key: { assetId },
      UpdateExpression: `SET #jobs[${index}] = :job, #updatedAt = :at`,
      ConditionExpression: `#jobs[${index}].#jobId = :jobId`,
      ExpressionAttributeNames: { '#jobs': 'jobs', '#jobId': 'jobId', '#updatedAt': 'updatedAt' },
      ExpressionAttributeValues: { ':job': job, ':jobId': jobId, ':at': now() },
    }),
  );
}

/** The result of a finished branch: outputs (dash, stitch) or the loudness analysis. */
export function markComplete(assetId: string, result: { outputs?: Outputs; loudness?: LoudnessResult }): Promise<boolean> {
  const set: Assignments = { status: 'COMPLETE' satisfies AssetStatus };
  if (result.outputs) set.outputs = result.outputs;
  if (result.loudness) set.loudness = result.loudness;
  return update(assetId, set, { remove: ['error', 'resumeStatus'], guard: '#status <> :rejected', guardValues: { ':rejected': 'REJECTED' } });
}

export function markRejected(assetId: string, error: AssetError): Promise<boolean> {
  return update(assetId, { status: 'REJECTED' satisfies AssetStatus, error }, notFinal);
}

/**
 * Guards a status write on what was read: the same status and execution, and no later redrive.
 * Failure and redrive events can arrive out of order and race each other; the write that finds
 * the record changed since it was read does nothing.
 */
function unchangedSince(asset: AssetRecord, executionArn: string, redriveCount: number, redriveComparison: '<=' | '<') {
  return {
    guard: `#status = :seenStatus AND executionArn = :executionArn AND (attribute_not_exists(redriveCount) OR redriveCount ${redriveComparison} :redriveCount)`,
    guardValues: { ':seenStatus': asset.status, ':executionArn': executionArn, ':redriveCount': redriveCount },
  };
}

/**
 * Records a failed execution on the asset the caller read. Keeps the status it failed in, so a
 * redrive can set it back. Never overwrites COMPLETE or REJECTED, another execution's asset, or a
 * later redrive.
 */
export async function markFailed(asset: AssetRecord, error: AssetError, execution: { executionArn: string; redriveCount: number }): Promise<boolean> {
  if (FINAL_STATUSES.includes(asset.status) || asset.executionArn !== execution.executionArn) return false;
  if ((asset.redriveCount ?? 0) > execution.redriveCount) return false;
  const resumeStatus = asset.status === 'FAILED' ? asset.resumeStatus : asset.status;
  return update(
    asset.assetId,
    {
      status: 'FAILED' satisfies AssetStatus,
      error,
      resumeStatus: resumeStatus ?? 'REGISTERED',
      // The guard allows no lower count: this never lowers it.
      redriveCount: execution.redriveCount,
    },
    unchangedSince(asset, execution.executionArn, execution.redriveCount, '<='),
  );
}

/**
 * A redrive started, on the asset the caller read: a FAILED asset goes back to the in-progress
 * status it failed in (one the redriven run already moved on keeps its own), the failure is
 * cleared and the redrive counted. Does nothing when the record changed since it was read, or
 * already counts this redrive.
 */
export async function markRedriven(asset: AssetRecord, redriveCount: number, executionArn: string): Promise<boolean> {
  if (FINAL_STATUSES.includes(asset.status) || asset.executionArn !== executionArn) return false;
  if ((asset.redriveCount ?? 0) >= redriveCount) return false;
  const status = asset.status === 'FAILED' ? (asset.resumeStatus ?? 'REGISTERED') : asset.status;
  return update(
    asset.assetId,
    { status, redriveCount },
    { remove: ['error', 'resumeStatus'], ...unchangedSince(asset, executionArn, redriveCount, '<') },
  );
}

/**
 * Counts a redrive without touching the status: for a redriven run that already ended (its COMPLETE
 * or its failure written first) or was redriven again. The count only goes up.
 */
export function recordRedriveCount(assetId: string, redriveCount: number, executionArn: string): Promise<boolean> {
  return update(
    assetId,
    { redriveCount },
    {
      guard: 'executionArn = :executionArn AND (attribute_not_exists(redriveCount) OR redriveCount < :redriveCount)',
      guardValues: { ':executionArn': executionArn, ':redriveCount': redriveCount },
    },
  );
}
