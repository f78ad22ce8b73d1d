/**
 * Pipeline, a batch: 12 uploads at once into a local cloud running in a child process, their
 * throughput (assets per minute, first upload to the last COMPLETE) against the same jobs' ffmpeg
 * encodes run bare at the engine's concurrency (one process per core); and the cloud process's
 * peak resident memory (VmHWM) against its resident memory once started.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startChildCloud } from '../support/cloud-child';
import { jobsOf, runBareJobs } from '../support/ffmpeg-work';
import { bytes, seconds, timed } from '../support/measure';
import { uploadFile, waitForComplete } from '../support/pipeline-run';
import type { Row } from '../support/result';
import { makeClip } from '../support/sources';

const UPLOADS = 12;
const GOAL = 0.9;

const perMinute = (count: number, ms: number) => (count * 60_000) / ms;

export const batchRow: Row = {
  name: 'batch',
  description: `${UPLOADS} concurrent uploads: throughput against bare ffmpeg at the same concurrency, and the cloud's peak RSS`,
  async run(options) {
    const picture = options.quick ? { seconds: 2, width: 640, height: 360 } : { seconds: 10, width: 1280, height: 720 };
    const source = await makeClip(path.join(options.folder, 'source.mp4'), { ...picture, toneHz: 440 });
    const cloud = await startChildCloud(options.folder);
    let pipelineMs: number;
    let idleRss: number | undefined;
    let peakRss: number | undefined;
    let commands;
    try {
      idleRss = cloud.rss();
      ({ ms: pipelineMs } = await timed(async () => {
        await Promise.all(
          Array.from({ length: UPLOADS }, (_, i) => uploadFile(cloud.clients, cloud.names.ingestBucket, `uploads/bench-batch-${i + 1}.mp4`, source)),
        );
        await waitForComplete(cloud.clients, cloud.names.assetTable, UPLOADS, 60 * 60_000);
      }));
      peakRss = cloud.peakRss();
    } finally {
      commands = await cloud.stop();
    }
    const jobs = jobsOf(commands);
    if (jobs.length !== UPLOADS) throw new Error(`Expected the commands of ${UPLOADS} jobs, recorded ${jobs.length}`);
    const concurrency = os.availableParallelism();
    const bareMs = await runBareJobs(jobs, source, concurrency);
    const ratio = perMinute(UPLOADS, pipelineMs) / perMinute(UPLOADS, bareMs);
    const size = `${UPLOADS} x ${picture.seconds} s ${picture.width}x${picture.height}, ${bytes(fs.statSync(source).size)} each`;
    return [
      {
        row: 'batch',
        subject: `${UPLOADS} uploads at once: throughput`,
        size,
        measured: `${perMinute(UPLOADS, pipelineMs).toFixed(1)} assets/min (${seconds(pipelineMs)})`,
        against: `bare ffmpeg ${perMinute(UPLOADS, bareMs).toFixed(1)} assets/min (${seconds(bareMs)}, ${concurrency} at once)`,
        ratio,
        goal: `>= ${GOAL.toFixed(2)}`,
        pass: ratio >= GOAL,
        values: {
          pipelineMs,
          bareMs,
          concurrency,
          encodesPerJob: jobs[0].encodes.length,
          encodeMsInCloud: jobs.map((job) => job.encodeSpanMs),
          source: picture,
        },
      },
      {
        row: 'batch',
        subject: 'local cloud process: peak RSS',
        size,
        measured: peakRss === undefined ? 'no /proc' : `VmHWM ${bytes(peakRss)}`,
        against: idleRss === undefined ? 'no /proc' : `VmRSS once started ${bytes(idleRss)}`,
        ratio: peakRss !== undefined && idleRss !== undefined ? peakRss / idleRss : undefined,
        goal: '-',
        values: {
          peakRssBytes: peakRss,
          startedRssBytes: idleRss,
          note: "the cloud's Node.js process; its ffmpeg children are processes of their own",
        },
      },
    ];
  },
};
