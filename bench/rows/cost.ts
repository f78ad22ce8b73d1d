/**
 * AWS cost per asset, MediaConvert excluded, for each branch: one asset at a time through a local
 * cloud in this process, metered (bench/support/usage-meter.ts) and priced (bench/prices.ts):
 * - Step Functions: the states the execution entered (its history's *StateEntered events) plus the
 *   retries of its tasks (TaskScheduled beyond the first of each Task state);
 * - Lambda: each invocation's duration measured here (rounded up to the ms) × the function's memory
 *   in infra/wiring.ts, and one request per invocation;
 * - DynamoDB: each request's units, an asset-table item sized as the final record (writes per 1 KB,
 *   reads per 4 KB, half for eventually consistent reads, double in transactions), 1 KB otherwise;
 * - EventBridge: events put on the bus; only custom ones (a source not `aws.*`) are billed.
 *
 * Set beside the design of AWS's "Video on Demand on AWS" solution (v6, source/cdk/lib/vod-stack.ts):
 * three state machines of 33 states in all (ingest 6, process 15, publish 12). With its default
 * parameters (SNS and SQS on, no archiving, no MediaPackage, no frame capture, a 1080p profile,
 * accelerated transcoding PREFERRED) an asset enters 24 of them:
 * - ingest: Input Validate, MediaInfo, DynamoDB Update, SNS Choice, SNS Notification, Process Execute (6);
 * - process: Profiler, Encoding Profile Check, jobTemplate 1080p, Accelerated Transcoding Check,
 *   Preferred, Frame Capture Check, No Frame Capture, Encode Job Submit, DynamoDB Update (9);
 * - publish: Validate Encoding Outputs, Archive Source Choice, MediaPackage Choice, DynamoDB Update,
 *   SQS Choice, SQS Send Message, SNS Choice, SNS Notification, Complete (9);
 * and makes 14 Lambda requests (12 Lambda task states, plus the step-functions function started by
 * the upload and again by the COMPLETE event).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { makeSampleSet } from '../../cli/demo/sample-media';
import { endRecording } from '../../cli/commands/ivs-end';
import { upload } from '../../cli/commands/ingest';
import type { Target } from '../../cli/target';
import { findUploadAsset } from '../../cli/follow';
import type { Branch } from '../../functions/shared/asset';
import { parseS3Uri } from '../../functions/shared/s3-uri';
import { startTestCloud } from '../../test/local/support';
import { PRICES, PRICES_AS_OF } from '../prices';
import { targetOf } from '../support/cloud-target';
import { bytes } from '../support/measure';
import type { ResultRow, Row } from '../support/result';
import type { DynamoRequest, Usage } from '../support/usage-meter';
import { UsageMeter } from '../support/usage-meter';

export const VOD_ON_AWS = { states: 33, transitionsPerAsset: 24, lambdaRequestsPerAsset: 14 } as const;

const READS = new Set(['GetItem', 'Get', 'Query', 'Scan', 'BatchGetItem', 'BatchGet', 'TransactGetItems', 'TransactGet']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function history(target: Target, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await target.clients.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

export function transitionsOf(events: HistoryEvent[]): number {
  const entered = events.filter((event) => event.type?.endsWith('StateEntered')).length;
  const tasksEntered = events.filter((event) => event.type === 'TaskStateEntered').length;
  const scheduled = events.filter((event) => event.type === 'TaskScheduled').length;
  return entered + Math.max(0, scheduled - tasksEntered);
}

/** Waits for the execution started after `before` (a set of known ARNs) to end; returns its ARN. */
async function nextExecutionEnd(target: Target, before: Set<string>, timeoutMs = 10 * 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let arn: string | undefined;
  while (Date.now() < deadline) {
    if (!arn) {
      const { executions = [] } = await target.clients.sfn.send(
        new ListExecutionsCommand({ stateMachineArn: target.info.stateMachineArn, maxResults: 100 }),
      );
      arn = executions.find((execution) => execution.executionArn && !before.has(execution.executionArn))?.executionArn;
    }
    if (arn) {
      const { status, error, cause } = await target.clients.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      if (status === 'SUCCEEDED') return arn;
      if (status !== 'RUNNING') throw new Error(`Execution ${arn} ended ${status}: ${error} ${cause}`);
    }
    await sleep(250);
  }
  throw new Error(`No execution ended within ${timeoutMs / 1000} s`);
}

async function knownExecutions(target: Target): Promise<Set<string>> {
  const { executions = [] } = await target.clients.sfn.send(
    new ListExecutionsCommand({ stateMachineArn: target.info.stateMachineArn, maxResults: 100 }),
  );
  return new Set(executions.map((execution) => execution.executionArn!));
}

export function dynamoUnits(requests: DynamoRequest[], assetTable: string, recordBytes: number): { readUnits: number; writeUnits: number } {
  let readUnits = 0;
  let writeUnits = 0;
  for (const request of requests) {
    const size = request.table === assetTable ? recordBytes : 1024;
    const factor = request.transactional ? 2 : 1;
    if (READS.has(request.command))
      readUnits += request.items * factor * Math.ceil(size / 4096) * (request.consistent || request.transactional ? 1 : 0.5);
    else writeUnits += request.items * factor * Math.ceil(size / 1024);
  }
  return { readUnits, writeUnits };
}

interface BranchCost {
  transitions: number;
  lambdaRequests: number;
  gbSeconds: number;
  readUnits: number;
  writeUnits: number;
  customEvents: number;
  awsEvents: number;
  usd: { stepFunctions: number; lambda: number; dynamoDb: number; eventBridge: number; total: number };
}

function price(transitions: number, usage: Usage, assetTable: string, recordBytes: number): BranchCost {
  const gbSeconds = usage.invocations.reduce((sum, call) => sum + (call.memoryMb / 1024) * (Math.ceil(call.ms) / 1000), 0);
  const { readUnits, writeUnits } = dynamoUnits(usage.dynamo, assetTable, recordBytes);
  const customEvents = usage.events.filter((event) => !event.source.startsWith('aws.')).length;
  const stepFunctions = transitions * PRICES.stepFunctionsTransition.usd;
  const lambda = gbSeconds * PRICES.lambdaArmGbSecond.usd + usage.invocations.length * PRICES.lambdaRequest.usd;
  const dynamoDb = writeUnits * PRICES.dynamoDbWriteUnit.usd + readUnits * PRICES.dynamoDbReadUnit.usd;
  const eventBridge = customEvents * PRICES.eventBridgeCustomEvent.usd;
  return {
    transitions,
    lambdaRequests: usage.invocations.length,
    gbSeconds,
    readUnits,
    writeUnits,
    customEvents,
    awsEvents: usage.events.length - customEvents,
    usd: { stepFunctions, lambda, dynamoDb, eventBridge, total: stepFunctions + lambda + dynamoDb + eventBridge },
  };
}

const usd = (value: number) => `$${value.toFixed(6)}`;

export const costRow: Row = {
  name: 'cost',
  description: 'AWS cost per asset without MediaConvert, per branch, beside the Video on Demand on AWS design',
  async run(options) {
    const samples = await makeSampleSet(path.join(options.folder, 'samples'));
    const cloud = await startTestCloud({ functionLogLevel: 'WARN' });
    const target = targetOf(cloud);
    const rows: ResultRow[] = [];
    try {
      for (const [uri, file] of [
        [target.info.assets.preroll, samples.preroll],
        [target.info.assets.postroll, samples.postroll],
        [target.info.assets.overlay, samples.overlay],
      ]) {
        const { bucket, key } = parseS3Uri(uri);
        await target.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: fs.readFileSync(file) }));
      }
      const branches: [Branch, string, () => Promise<string>][] = [
        [
          'dash',
          `upload, ${bytes(fs.statSync(samples.upload).size)}`,
          async () => {
            const since = new Date();
            await upload(target, samples.upload, target.info.buckets.ingest, 'uploads/bench-cost.mp4');
            return findUploadAsset(target, { bucket: target.info.buckets.ingest, key: 'uploads/bench-cost.mp4', since });
          },
        ],
        [
          'loudness',
          `mezzanine 8 tracks, ${bytes(fs.statSync(samples.mezzanine).size)}`,
          async () => {
            const since = new Date();
            const key = `${target.info.loudnessPrefix}bench-cost.mov`;
            await upload(target, samples.mezzanine, target.info.buckets.ingest, key);
            return findUploadAsset(target, { bucket: target.info.buckets.ingest, key, since });
          },
        ],
        [
          'stitch',
          'IVS recording + bumpers',
          async () => (await endRecording(target, samples.recording, 'arn:aws:ivs:us-east-1:000000000000:channel/benchCost')).assetId,
        ],
      ];
      for (const [branch, size, start] of branches) {
        const before = await knownExecutions(target);
        const meter = new UsageMeter(cloud);
        let usage: Usage;
        let executionArn: string;
        let assetId: string;
        try {
          assetId = await start();
          executionArn = await nextExecutionEnd(target, before);
          await cloud.idle();
          usage = meter.take();
        } finally {
          meter.stop();
        }
        const { Item } = await target.clients.documents.send(new GetCommand({ TableName: target.info.table, Key: { assetId } }));
        if (Item?.status !== 'COMPLETE' || Item.branch !== branch)
          throw new Error(`Asset ${assetId} is ${Item?.status} on branch ${Item?.branch}, expected COMPLETE on ${branch}`);
        const recordBytes = Buffer.byteLength(JSON.stringify(Item));
        const cost = price(transitionsOf(await history(target, executionArn)), usage, target.info.table, recordBytes);
        const theirs = VOD_ON_AWS.transitionsPerAsset * PRICES.stepFunctionsTransition.usd;
        rows.push({
          row: 'cost',
          subject: `${branch} branch, per asset`,
          size,
          measured:
            `${usd(cost.usd.total)}: ${cost.transitions} transitions, ${cost.gbSeconds.toFixed(2)} GB-s in ${cost.lambdaRequests} invocations, ` +
            `${cost.writeUnits} WRU + ${cost.readUnits} RRU, ${cost.customEvents} custom events`,
          against: `VOD on AWS ${VOD_ON_AWS.transitionsPerAsset} transitions (${usd(theirs)})`,
          ratio: cost.transitions / VOD_ON_AWS.transitionsPerAsset,
          goal: '-',
          values: {
            ...cost,
            recordBytes,
            invocations: usage.invocations,
            dynamoRequests: usage.dynamo.length,
            dynamoByCommand: usage.dynamo.reduce<Record<string, number>>((counts, request) => {
              const name = `${request.command} ${request.table ?? ''}`.trim();
              counts[name] = (counts[name] ?? 0) + request.items;
              return counts;
            }, {}),
            events: usage.events.reduce<Record<string, number>>((counts, event) => {
              const name = `${event.source} ${event.detailType}`;
              counts[name] = (counts[name] ?? 0) + 1;
              return counts;
            }, {}),
            prices: PRICES,
            pricesAsOf: PRICES_AS_OF,
            vodOnAws: { ...VOD_ON_AWS, transitionsUsd: theirs },
          },
        });
      }
    } finally {
      await target.close();
      await cloud.stop();
      fs.rmSync(cloud.dataDir, { recursive: true, force: true });
    }
    return rows;
  },
};
