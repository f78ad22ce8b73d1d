/** `vod play <assetId> [--json]`: the URLs a player opens for an asset's outputs. */
import * as fs from 'node:fs';
import { UsageError, exactly, parse } from '../args';
import { getAsset } from '../get-asset';
import { printJson, printLine } from '../output';
import { assetPlayback, signPlayback, targetPlaybackBase } from '../playback';
import { withReadOnlyTarget } from '../run';

const USAGE = 'vod play <assetId> [--json] [--aws --private-key FILE [--key-pair-id ID] [--expires-in SECONDS]]';

/** Signed URLs last an hour unless told otherwise. */
export const DEFAULT_EXPIRES_IN_SECONDS = 3600;

export async function play(args: string[]): Promise<number> {
  const { global, values, positionals } = parse(
    args,
    { 'private-key': { type: 'string' }, 'key-pair-id': { type: 'string' }, 'expires-in': { type: 'string' } },
    USAGE,
  );
  const [assetId] = exactly(positionals, 1, USAGE);
  const privateKeyFile = values['private-key'] as string | undefined;
  if ((privateKeyFile || values['key-pair-id']) && !global.aws) {
    throw new UsageError(`--private-key and --key-pair-id sign CloudFront URLs: use them with --aws\nusage: ${USAGE}`);
  }
  const expiresIn = Number(values['expires-in'] ?? DEFAULT_EXPIRES_IN_SECONDS);
  if (!Number.isInteger(expiresIn) || expiresIn <= 0) throw new UsageError(`--expires-in must be a positive number of seconds\nusage: ${USAGE}`);
  const privateKey = privateKeyFile ? fs.readFileSync(privateKeyFile, 'utf8') : undefined;

  return withReadOnlyTarget(global, async (target) => {
    const asset = await getAsset(target, assetId);
    if (!asset) {
      process.stderr.write(`No asset ${assetId} in ${target.info.table}; list them with: vod assets list\n`);
      return 1;
    }
    let playback = assetPlayback(target, asset);
    if (Object.keys(playback).length === 0) {
      const why =
        asset.branch === 'loudness' ? 'a loudness analysis writes no video' : `its transcode has not completed; see: vod assets get ${assetId}`;
      process.stderr.write(`Asset ${assetId} (${asset.status}${asset.branch ? `, ${asset.branch}` : ''}) has nothing to play: ${why}\n`);
      return 1;
    }
    if (privateKey) {
      const keyPairId = (values['key-pair-id'] as string | undefined) ?? target.info.playback?.keyPairId;
      const baseUrl = targetPlaybackBase(target);
      if (!keyPairId || !baseUrl) {
        throw new Error(
          'The stack names no playback key pair (output PlaybackKeyPairId): deploy it with -c playbackPublicKey=<public key PEM file>, or give --key-pair-id',
        );
      }
      playback = signPlayback(playback, baseUrl, assetId, { keyPairId, privateKey, expiresAt: new Date(Date.now() + expiresIn * 1000) });
    }
    if (target.kind === 'embedded') {
      process.stderr.write(
        'These URLs are served while a local cloud runs on this data directory: start one with `vod local up`, then `vod play` again.\n',
      );
    }
    if (global.json) printJson(playback);
    else for (const [name, url] of Object.entries(playback)) printLine(`${name.padEnd(10)}  ${url}`);
    return 0;
  });
}
