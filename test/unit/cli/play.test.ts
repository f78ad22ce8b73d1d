import { createVerify } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { UsageError } from '../../../cli/args';
import { play } from '../../../cli/commands/play';
import { playableUrl } from '../../../cli/commands/demo';
import { assetPlayback } from '../../../cli/playback';
import type { AssetRecord } from '../../../functions/shared/asset';
import { signingKeys } from '../../support/signing-keys';
import { testTarget } from './support';

const cloudFormation = mockClient(CloudFormationClient);
const documents = mockClient(DynamoDBDocumentClient);
const DOMAIN = 'd111111abcdef8.cloudfront.net';

const asset: AssetRecord = {
  assetId: 'show-1',
  status: 'COMPLETE',
  origin: 'upload',
  branch: 'dash',
  source: { bucket: 'ingest', key: 'uploads/show.mp4' },
  outputs: {
    hls: 's3://outputs/show-1/cmaf/show-1.m3u8',
    dash: 's3://outputs/show-1/cmaf/show-1.mpd',
    proxy: 's3://outputs/show-1/proxy/show-1_proxy.mp4',
    audio: true,
  },
  playback: { hls: 'http://127.0.0.1:39999/_vod/play/show-1/cmaf/show-1.m3u8' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

function stack(outputs: Record<string, string>): void {
  const base = {
    IngestBucketName: 'ingest',
    RecordingBucketName: 'recordings',
    OutputBucketName: 'outputs',
    AssetsBucketName: 'assets',
    AssetTableName: 'assets',
    TaskTokenTableName: 'tokens',
    StateMachineArn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:vod-pipeline',
  };
  const all = { ...base, ...outputs };
  cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'VodPipelineStack',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: Object.entries(all).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
}

/** Runs `vod play` and returns its exit code and stdout. */
async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await play(args), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** CloudFront's URL-safe base64 (`+=/` as `-_~`). */
const fromCloudFrontBase64 = (text: string) => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

beforeEach(() => {
  cloudFormation.reset();
  documents.reset();
  documents.on(GetCommand, { TableName: 'assets', Key: { assetId: 'show-1' } }).resolves({ Item: asset });
  documents.on(GetCommand, { TableName: 'assets', Key: { assetId: 'nothing' } }).resolves({});
});

describe('assetPlayback', () => {
  it("builds the URLs on the target's playback route, not the one an earlier local cloud recorded", () => {
    // Prepare
    const target = { ...testTarget('local'), info: { ...testTarget('local').info, endpoint: 'http://127.0.0.1:4566' } };

    // Act
    const playback = assetPlayback(target, asset);

    // Assess
    expect(playback).toEqual({
      hls: 'http://127.0.0.1:4566/_vod/play/show-1/cmaf/show-1.m3u8',
      dash: 'http://127.0.0.1:4566/_vod/play/show-1/cmaf/show-1.mpd',
      proxy: 'http://127.0.0.1:4566/_vod/play/show-1/proxy/show-1_proxy.mp4',
    });
  });

  it("falls back on the record's URLs when the target names no playback base", () => {
    expect(assetPlayback(testTarget('aws'), asset)).toEqual(asset.playback);
  });
});

describe("the demo's playable URL", () => {
  const local = { info: { ...testTarget('local').info, endpoint: 'http://127.0.0.1:4566' } };

  it('is the HLS playlist of a transcode, else its DASH manifest', () => {
    expect(playableUrl(local, asset)).toBe('http://127.0.0.1:4566/_vod/play/show-1/cmaf/show-1.m3u8');
    const dashIso = { ...asset, outputs: { dash: 's3://outputs/show-1/dash/show-1.mpd', proxy: asset.outputs!.proxy } };
    expect(playableUrl(local, dashIso)).toBe('http://127.0.0.1:4566/_vod/play/show-1/dash/show-1.mpd');
  });

  it('is none for a loudness analysis, whose temporary proxy is never served', () => {
    const loudness: AssetRecord = { ...asset, branch: 'loudness', outputs: { proxy: 's3://outputs/tmp/loudness/show-1/audio.mp4' } };
    expect(playableUrl(local, loudness)).toBeUndefined();
  });
});

describe('vod play', () => {
  it("prints the asset's URLs on the stack's distribution as JSON", async () => {
    // Prepare
    stack({ PlaybackDomainName: DOMAIN });

    // Act
    const { code, stdout } = await run(['show-1', '--aws', '--json']);

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      hls: `https://${DOMAIN}/show-1/cmaf/show-1.m3u8`,
      dash: `https://${DOMAIN}/show-1/cmaf/show-1.mpd`,
      proxy: `https://${DOMAIN}/show-1/proxy/show-1_proxy.mp4`,
    });
  });

  it("signs them with the stack's key pair: a custom policy over the asset's folder, valid for the public key", async () => {
    // Prepare
    stack({ PlaybackDomainName: DOMAIN, PlaybackKeyPairId: 'K2JCJMDEHXQW5F' });
    const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vod-play-')), 'private_key.pem');
    fs.writeFileSync(keyFile, signingKeys().privateKey);
    const before = Math.floor(Date.now() / 1000);

    // Act
    const { code, stdout } = await run(['show-1', '--aws', '--json', '--private-key', keyFile, '--expires-in', '600']);

    // Assess
    expect(code).toBe(0);
    const hls = new URL(JSON.parse(stdout).hls);
    expect(`${hls.origin}${hls.pathname}`).toBe(`https://${DOMAIN}/show-1/cmaf/show-1.m3u8`);
    expect(hls.searchParams.get('Key-Pair-Id')).toBe('K2JCJMDEHXQW5F');
    const policy = fromCloudFrontBase64(hls.searchParams.get('Policy')!);
    const statement = JSON.parse(policy.toString()).Statement[0];
    expect(statement.Resource).toBe(`https://${DOMAIN}/show-1/*`);
    expect(statement.Condition.DateLessThan['AWS:EpochTime']).toBeGreaterThanOrEqual(before + 600);
    expect(statement.Condition.DateLessThan['AWS:EpochTime']).toBeLessThanOrEqual(before + 660);
    const verify = createVerify('RSA-SHA1').update(policy);
    expect(verify.verify(signingKeys().publicKey, fromCloudFrontBase64(hls.searchParams.get('Signature')!))).toBe(true);
  });

  it('refuses to sign for a stack without a key pair, saying how to deploy one', async () => {
    stack({ PlaybackDomainName: DOMAIN });
    const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vod-play-')), 'k.pem');
    fs.writeFileSync(keyFile, signingKeys().privateKey);

    await expect(run(['show-1', '--aws', '--private-key', keyFile])).rejects.toThrow(/playbackPublicKey/);
  });

  it('fails for an asset that does not exist', async () => {
    stack({ PlaybackDomainName: DOMAIN });

    expect((await run(['nothing', '--aws'])).code).toBe(1);
  });

  it.each([
    [['show-1', '--private-key', 'k.pem'], /use them with --aws/],
    [['show-1', '--aws', '--expires-in', 'soon'], /--expires-in must be a positive number/],
    [[], /expected 1 argument/],
  ])('rejects %j as a usage error', async (args, message) => {
    const running = run(args);

    await expect(running).rejects.toThrow(UsageError);
    await expect(running).rejects.toThrow(message);
  });
});
