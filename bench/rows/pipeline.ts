/**
 * Pipeline, one asset: the wall time from the start of the upload to the asset record's COMPLETE,
 * through a local cloud in this process (SDK upload, the S3 event, register, probe, the dash job on
 * the local MediaConvert, its events, CompleteTranscode), against the same job's ffmpeg encodes run
 * bare, as the engine runs them (its output groups at once).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clients, startTestCloud } from '../../test/local/support';
import { jobsOf, recordFfmpeg, runBareJobs } from '../support/ffmpeg-work';
import { bytes, seconds, timed } from '../support/measure';
import { uploadFile, waitForComplete } from '../support/pipeline-run';
import type { Row } from '../support/result';
import { makeClip } from '../support/sources';

const GOAL = 1.1;

export const pipelineRow: Row = {
  name: 'pipeline',
  description: 'upload to COMPLETE of one asset through the local cloud against its bare ffmpeg encodes',
  async run(options) {
    const picture = options.quick ? { seconds: 6, width: 1280, height: 720 } : { seconds: 60, width: 1920, height: 1080 };
    const source = await makeClip(path.join(options.folder, 'source.mp4'), { ...picture, toneHz: 440 });
    const recording = recordFfmpeg();
    const cloud = await startTestCloud({ functionLogLevel: 'WARN' });
    const aws = clients(cloud);
    let pipelineMs: number;
    try {
      ({ ms: pipelineMs } = await timed(async () => {
        await uploadFile(aws, cloud.names.ingestBucket, 'uploads/bench-one.mp4', source);
        await waitForComplete(aws, cloud.names.assetTable, 1, 30 * 60_000);
      }));
    } finally {
      recording.stop();
      aws.destroy();
      await cloud.stop();
      fs.rmSync(cloud.dataDir, { recursive: true, force: true });
    }
    const jobs = jobsOf(recording.commands);
    if (jobs.length !== 1) throw new Error(`Expected the commands of one job, recorded ${jobs.length}`);
    const bareMs = await runBareJobs(jobs, source, os.availableParallelism());
    const ratio = pipelineMs / bareMs;
    return [
      {
        row: 'pipeline',
        subject: 'one asset, upload to COMPLETE',
        size: `${picture.seconds} s ${picture.width}x${picture.height}, ${bytes(fs.statSync(source).size)}`,
        measured: `pipeline ${seconds(pipelineMs)}`,
        against: `bare ffmpeg ${seconds(bareMs)} (${jobs[0].encodes.length} encodes)`,
        ratio,
        goal: `<= ${GOAL.toFixed(2)}`,
        pass: ratio <= GOAL,
        values: { pipelineMs, bareMs, encodeMsInCloud: jobs[0].encodeSpanMs, encodes: jobs[0].encodes, source: picture },
      },
    ];
  },
};
