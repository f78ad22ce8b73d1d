/** Helpers of the local cloud's integration tests: a cloud on a free port and a temp data dir, SDK clients, media. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import type { DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import type { ExecutionStatusDetail, ExecutionStatusEvent } from '../../functions/execution-status/execution-event';
import type { Clients } from '../../local/clients';
import { localClients } from '../../local/clients';
import type { LocalCloud, LocalCloudOptions } from '../../local/cloud';
import { startLocalCloud } from '../../local/cloud';
import { testClipMp4 } from '../support/test-clip';
import { waitFor } from '../support/wait-for';

export { waitFor };

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vod-local-'));
}

/** A local cloud on a free port; its log lines are collected rather than printed. */
export async function startTestCloud(options: LocalCloudOptions = {}): Promise<LocalCloud & { logs: string[] }> {
  const logs: string[] = [];
  const cloud = await startLocalCloud({
    port: 0,
    eventRetry: { attempts: 2, delayMs: 50, backoffRate: 2 },
    log: (line) => logs.push(line),
    ...options,
    dataDir: options.dataDir ?? tempDataDir(),
  });
  return Object.assign(cloud, { logs });
}

/** SDK clients for the test cloud's endpoint, signing with its key pair, as the `vod` command makes them. */
export function clients(cloud: Pick<LocalCloud, 'endpoint' | 'credentials'>): Clients {
  return localClients(cloud.endpoint, cloud.credentials);
}

/** A short MP4 (H.264 + AAC) generated with the project's ffmpeg, once for every test file (test/support/test-clip.ts). */
export function makeMp4(seconds = 1): Buffer {
  return fs.readFileSync(testClipMp4(seconds));
}

/**
 * The `Step Functions Execution Status Change` event of an execution as it is now (the members the
 * execution-status function reads), for tests that deliver it themselves, late, twice or out of order.
 */
export async function executionStatusEvent(
  aws: Pick<Clients, 'sfn'>,
  executionArn: string,
  overrides: Partial<ExecutionStatusDetail> = {},
): Promise<ExecutionStatusEvent> {
  const described = await aws.sfn.send(new DescribeExecutionCommand({ executionArn }));
  return {
    version: '0',
    id: `status-${described.status}-${described.redriveCount}`,
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [executionArn],
    detail: {
      executionArn,
      stateMachineArn: described.stateMachineArn!,
      status: described.status!,
      input: described.input,
      inputDetails: { included: true },
      error: described.error ?? null,
      cause: described.cause ?? null,
      redriveCount: described.redriveCount ?? 0,
      ...overrides,
    },
  };
}

/** Waits until the execution has `status`; resolves with what DescribeExecution says then. */
export function executionWithStatus(aws: Pick<Clients, 'sfn'>, executionArn: string, status: string): Promise<DescribeExecutionCommandOutput> {
  return waitFor(`execution ${executionArn} ${status}`, async () => {
    const described = await aws.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === status ? described : undefined;
  });
}

/**
 * One test cloud for a whole test file: started before its tests (handed to `started` with its
 * clients), stopped after them, its data directory removed.
 */
export function cloudPerFile(started: (cloud: LocalCloud & { logs: string[] }, aws: Clients) => void, options: LocalCloudOptions = {}): void {
  let cloud: (LocalCloud & { logs: string[] }) | undefined;
  let aws: Clients | undefined;
  beforeAll(async () => {
    cloud = await startTestCloud(options);
    aws = clients(cloud);
    started(cloud, aws);
  });
  afterAll(async () => {
    aws?.destroy();
    await cloud?.stop();
    if (cloud) fs.rmSync(cloud.dataDir, { recursive: true, force: true });
  });
}
