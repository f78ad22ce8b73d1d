import type { AssetRecord } from '../functions/shared/asset';
import { formatUsd } from '../functions/shared/usd';

function text(key: string, value: unknown): string {
  if (key === 'cost' && typeof value === 'object' && value !== null) {
    const { estimatedUsd, priceTable } = value as NonNullable<AssetRecord['cost']>;
    return `${formatUsd(estimatedUsd)} estimated, from ${priceTable}`;
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** The record for people: one field a line, nested values as compact JSON. */
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
  const width = Math.max(...keys.map((k) => k.length));
  return keys
    .map((key) => {
      const value = (asset as unknown as Record<string, unknown>)[key];
      return `${key.padEnd(width)}  ${text(key, value)}`;
    })
    .join('\n');
}
