/**
 * Executions survive a crash: a real `vod local up` killed with SIGKILL during the Probe state,
 * while the MediaConvert job waits in the queue, and while it runs. The next `vod local up` on the
 * same data directory resumes each execution (no ABORTED, no redrive), and the asset ends COMPLETE
 * with one MediaConvert job.
 */
import type { Job } from '@aws-sdk/client-mediaconvert';
import { ListJobsCommand } from '@aws-sdk/client-mediaconvert';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as fs from 'node:fs';
import type { AssetRecord } from '../../functions/shared/asset';
import type { Clients } from '../../local/clients';
import { localClients } from '../../local/clients';
import { makeMp4, tempDataDir, waitFor } from '../local/support';
import { alive } from '../support/processes';
import type { LocalUpProcess } from './local-up-process';
import { startLocalUp } from './local-up-process';

jest.setTimeout(300_000);

const COMPLETE_WITHIN_MS = 200_000;

let dataDir: string;
let running: LocalUpProcess | undefined;
let aws: Clients | undefined;

beforeEach(() => {
  dataDir = tempDataDir();
});

afterEach(async () => {
  aws?.destroy();
  aws = undefined;
  if (running && alive(running.child.pid!)) {
    running.child.kill('SIGTERM');
    await running.exited;
  }
  running = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The local MediaConvert runs one job at a time, so one longer job is enough to keep the next one queued. */
const JOBS = 1;

async function up(): Promise<{ cloud: LocalUpProcess; aws: Clients }> {
  aws?.destroy();
  running = await startLocalUp(dataDir, {}, undefined, ['--jobs', String(JOBS)]);
  aws = localClients(running.endpoint, running.credentials);
  return { cloud: running, aws };
}

async function killNow(cloud: LocalUpProcess): Promise<void> {
  cloud.child.kill('SIGKILL');
  await cloud.exited;
}

async function upload(cloud: LocalUpProcess, clients: Clients, key: string, seconds: number): Promise<void> {
  await clients.s3.send(new PutObjectCommand({ Bucket: cloud.info.buckets.ingest, Key: key, Body: makeMp4(seconds), ContentType: 'video/mp4' }));
}

async function executionOf(cloud: LocalUpProcess, clients: Clients, key: string): Promise<string> {
  return waitFor(`the execution of ${key}`, async () => {
    const { executions = [] } = await clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: cloud.info.stateMachineArn }));
    for (const execution of executions) {
      const { input } = await clients.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
      if ((JSON.parse(input ?? '{}') as { detail?: { object?: { key?: string } } }).detail?.object?.key === key) return execution.executionArn;
    }
    return undefined;
  });
}

async function historyOf(clients: Clients, executionArn: string): Promise<HistoryEvent[]> {
  const { events = [] } = await clients.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events;
}

async function assetOf(cloud: LocalUpProcess, clients: Clients, key: string): Promise<AssetRecord | undefined> {
  const { Items = [] } = await clients.documents.send(new ScanCommand({ TableName: cloud.info.table, ConsistentRead: true }));
  return (Items as AssetRecord[]).find((item) => (item.source as { key?: string }).key === key);
}

async function jobsOf(clients: Clients, assetId: string): Promise<Job[]> {
  const { Jobs = [] } = await clients.mediaConvert.send(new ListJobsCommand({ MaxResults: 20 }));
  return Jobs.filter((job) => job.UserMetadata?.assetId === assetId);
}

/** The asset once final; it must end COMPLETE. */
function finalAsset(cloud: LocalUpProcess, clients: Clients, key: string): Promise<AssetRecord> {
  return waitFor(
    `${key} COMPLETE`,
    async () => {
      const asset = await assetOf(cloud, clients, key);
      return asset && ['COMPLETE', 'FAILED', 'REJECTED'].includes(asset.status) ? asset : undefined;
    },
    COMPLETE_WITHIN_MS,
  );
}

/** What the next start made of an execution: the asset, its jobs and the execution as described. */
async function outcome(cloud: LocalUpProcess, clients: Clients, key: string, executionArn: string) {
  const asset = await finalAsset(cloud, clients, key);
  const execution = await waitFor('the execution to end', async () => {
    const described = await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === 'RUNNING' ? undefined : described;
  });
  const types = (await historyOf(clients, executionArn)).map((event) => event.type);
  return { asset, jobs: await jobsOf(clients, asset.assetId), execution, types };
}

const scheduledIn = (events: HistoryEvent[], state: string) => {
  const entered = events.findLastIndex((event) => event.stateEnteredEventDetails?.name === state);
  return entered < 0 ? [] : events.slice(entered + 1).filter((event) => event.type === 'TaskScheduled');
};

describe('vod local up killed with SIGKILL while an execution runs', () => {
  it('during Probe: the next start runs Probe again, and the asset completes with one job', async () => {
    // Prepare
    let { cloud, aws: clients } = await up();
    const key = 'uploads/coupé pendant la sonde.mp4';
    await upload(cloud, clients, key, 3);
    const executionArn = await executionOf(cloud, clients, key);
    await waitFor(
      'Probe to be running',
      async () => {
        const events = await historyOf(clients, executionArn);
        const probe = scheduledIn(events, 'Probe');
        return probe.length > 0 && events.at(-1)?.type !== 'TaskSucceeded' && !events.some((event) => event.stateExitedEventDetails?.name === 'Probe')
          ? true
          : undefined;
      },
      30_000,
    );

    // Act
    await killNow(cloud);
    ({ cloud, aws: clients } = await up());
    const result = await outcome(cloud, clients, key, executionArn);
    const events = await historyOf(clients, executionArn);

    // Assess
    expect(result.asset).toMatchObject({ status: 'COMPLETE' });
    expect(result.asset.redriveCount ?? 0).toBe(0);
    expect(result.jobs.map((job) => job.Status)).toEqual(['COMPLETE']);
    expect(result.execution).toMatchObject({ status: 'SUCCEEDED', redriveCount: 0 });
    expect(result.types).not.toContain('ExecutionAborted');
    expect(result.types).not.toContain('ExecutionRedriven');
    expect(events.filter((event) => event.stateEnteredEventDetails?.name === 'Probe')).toHaveLength(1);
    expect(scheduledIn(events, 'Probe').length).toBeGreaterThanOrEqual(2);
  });

  it('while its job waits in the MediaConvert queue: every asset completes with one job', async () => {
    // Prepare: as many longer uploads as the local MediaConvert runs at once keep its places busy,
    // so the last asset's job waits SUBMITTED.
    let { cloud, aws: clients } = await up();
    const blockers = Array.from({ length: JOBS }, (_, index) => `uploads/devant ${index + 1}.mp4`);
    for (const key of blockers) await upload(cloud, clients, key, 12);
    await waitFor(
      'the longer jobs to run',
      async () => {
        const { Jobs = [] } = await clients.mediaConvert.send(new ListJobsCommand({ MaxResults: 20 }));
        return Jobs.filter((job) => job.Status === 'PROGRESSING').length === blockers.length ? true : undefined;
      },
      60_000,
    );
    const key = 'uploads/en attente.mp4';
    await upload(cloud, clients, key, 2);
    const executionArn = await executionOf(cloud, clients, key);
    const queued = await waitFor(
      'its job to wait in the queue',
      async () => {
        const asset = await assetOf(cloud, clients, key);
        const jobs = asset ? await jobsOf(clients, asset.assetId) : [];
        const events = await historyOf(clients, executionArn);
        return jobs[0]?.Status === 'SUBMITTED' && events.some((event) => event.type === 'TaskSubmitted') ? jobs[0] : undefined;
      },
      60_000,
    );
    const { Jobs: atKill = [] } = await clients.mediaConvert.send(new ListJobsCommand({ MaxResults: 20 }));

    // Act
    await killNow(cloud);
    ({ cloud, aws: clients } = await up());
    const result = await outcome(cloud, clients, key, executionArn);
    const others = await Promise.all(blockers.map(async (blocker) => finalAsset(cloud, clients, blocker)));
    const othersJobs = await Promise.all(others.map((asset) => jobsOf(clients, asset.assetId)));

    // Assess
    expect(atKill.filter((job) => job.Status === 'PROGRESSING')).toHaveLength(blockers.length);
    expect(result.asset).toMatchObject({ status: 'COMPLETE', jobs: [{ jobId: queued.Id, status: 'COMPLETE' }] });
    expect(result.asset.redriveCount ?? 0).toBe(0);
    expect(result.jobs.map((job) => job.Id)).toEqual([queued.Id]);
    expect(result.execution).toMatchObject({ status: 'SUCCEEDED', redriveCount: 0 });
    expect(result.types).not.toContain('ExecutionAborted');
    expect(others.map((asset) => asset.status)).toEqual(blockers.map(() => 'COMPLETE'));
    expect(othersJobs.map((jobs) => jobs.length)).toEqual(blockers.map(() => 1));
  });

  it('while its job is PROGRESSING: the job runs again and its completion completes the execution', async () => {
    // Prepare
    let { cloud, aws: clients } = await up();
    const key = 'uploads/coupé en cours.mp4';
    await upload(cloud, clients, key, 6);
    const executionArn = await executionOf(cloud, clients, key);
    const progressing = await waitFor(
      'its job to be PROGRESSING',
      async () => {
        const asset = await assetOf(cloud, clients, key);
        const jobs = asset ? await jobsOf(clients, asset.assetId) : [];
        return jobs[0]?.Status === 'PROGRESSING' ? jobs[0] : undefined;
      },
      60_000,
    );

    // Act
    await killNow(cloud);
    ({ cloud, aws: clients } = await up());
    const result = await outcome(cloud, clients, key, executionArn);

    // Assess
    expect(result.asset).toMatchObject({ status: 'COMPLETE', jobs: [{ jobId: progressing.Id, status: 'COMPLETE' }] });
    expect(result.asset.redriveCount ?? 0).toBe(0);
    expect(result.jobs.map((job) => job.Id)).toEqual([progressing.Id]);
    expect(result.execution).toMatchObject({ status: 'SUCCEEDED', redriveCount: 0 });
    expect(result.types).not.toContain('ExecutionAborted');
    expect(result.types).not.toContain('ExecutionRedriven');
  });
});
