import type { AssetRecord } from '../functions/shared/asset';
import { formatUsd } from '../functions/shared/usd';

function text(key: string, value: unknown): string {
  if (key === 'cost' && typeof value === 'object' && value !== null) {
    const { estimatedUsd, priceTable } = value as NonNullable<AssetRecord['cost']>;
    return `${formatUsd(estimatedUsd)} estimated, from ${priceTable}`;
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** What to do about an asset that ended unsuccessfully; undefined for the others. */
export function nextStep(asset: Pick<AssetRecord, 'assetId' | 'status'>): string | undefined {
  if (asset.status === 'FAILED') {
    return `Once the cause is fixed, resume it at the state that failed (its completed work is kept): vod redrive ${asset.assetId} --wait`;
  }
  if (asset.status === 'REJECTED') return 'A rejected input is not retried: fix the input and upload it again.';
  return undefined;
}

/** The record for people: one field a line, nested values as compact JSON, the error's cause whole. */
export function describeAsset(asset: AssetRecord): string {
  const order = [
    'assetId',
    'status',
    'origin',
    'branch',
    'source',
    'probe',
    'jobs',
    'cost',
    'outputs',
    'playback',
    'loudness',
    'error',
    'executionArn',
    'redriveCount',
    'createdAt',
    'updatedAt',
  ];
  const keys = [...order.filter((k) => k in asset), ...Object.keys(asset).filter((k) => !order.includes(k) && k !== 'resumeStatus')];
  const width = Math.max(...keys.map((k) => k.length), 'cause'.length);
  const line = (key: string, value: unknown) => `${key.padEnd(width)}  ${text(key, value)}`;
  const lines = keys.flatMap((key) => {
    const value = (asset as unknown as Record<string, unknown>)[key];
    if (key === 'error' && asset.error) {
      // The cause is what tells what to fix: printed as it is, however long, not as escaped JSON.
      return [line('error', `${asset.error.error} in state ${asset.error.state}`), line('cause', asset.error.cause)];
    }
    return [line(key, value)];
  });
  const step = nextStep(asset);
  return [...lines, ...(step ? ['', step] : [])].join('\n');
}
