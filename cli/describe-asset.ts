import type { AssetRecord } from '../functions/shared/asset';

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
      return `${key.padEnd(width)}  ${typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value)}`;
    })
    .join('\n');
}
