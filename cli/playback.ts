/**
 * The playback URLs of an asset as a command's target serves them: built from the record's
 * outputs with the target's playback base (the stack's distribution, or the running local cloud's
 * playback route, which can differ from the one that recorded them), else the record's own.
 * Optionally CloudFront-signed.
 */
import { getSignedUrl } from '@aws-sdk/cloudfront-signer';
import type { AssetRecord, Playback } from '../functions/shared/asset';
import { PLAYABLE_OUTPUTS } from '../functions/shared/asset';
import { keyPath, playbackBase, playbackUrls } from '../functions/shared/playback-url';
import { localPlaybackBaseUrl } from '../local/playback';
import type { Target } from './target';

/** Where the target serves the outputs bucket; undefined when it does not say. */
export function targetPlaybackBase(target: Pick<Target, 'info'>): string | undefined {
  if (target.info.playback) return target.info.playback.baseUrl;
  return target.info.endpoint ? localPlaybackBaseUrl(target.info.endpoint) : undefined;
}

export function assetPlayback(target: Pick<Target, 'info'>, asset: AssetRecord): Playback {
  const base = targetPlaybackBase(target);
  if (base && asset.outputs) return playbackUrls(base, target.info.buckets.outputs, asset.outputs);
  return asset.playback ?? {};
}

export interface Signing {
  keyPairId: string;
  /** PEM of the private key whose public key the distribution trusts. */
  privateKey: string;
  expiresAt: Date;
}

/**
 * Signs with a custom policy over the asset's whole folder (`<base>/<assetId>/*`): a manifest's
 * signature then also admits the segments and images it names, for players that pass the query
 * string on, and works as the policy of signed cookies for those that do not.
 */
export function signPlayback(playback: Playback, baseUrl: string, assetId: string, signing: Signing): Playback {
  const resource = `${playbackBase(baseUrl)}/${keyPath(assetId)}/*`;
  const policy = JSON.stringify({
    Statement: [{ Resource: resource, Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(signing.expiresAt.getTime() / 1000) } } }],
  });
  const signed: Playback = {};
  for (const name of PLAYABLE_OUTPUTS) {
    const url = playback[name];
    if (url) signed[name] = getSignedUrl({ url, keyPairId: signing.keyPairId, privateKey: signing.privateKey, policy });
  }
  return signed;
}
