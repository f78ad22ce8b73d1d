/**
 * One-pass transcode: the dash job (CMAF Automated ABR ladder, SD proxy, thumbnails, poster) run by
 * the local engine as one ffmpeg that decodes the source once for every output group, against the
 * same job run with one ffmpeg per output group (each decoding the source), side by side in the
 * same run, alternating which goes first. Wall time decides; the ffmpeg CPU time beside it shows
 * what each way costs the machine, which other work on it moves less.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import { buildDashSettings } from '../../functions/submit-job/dash-settings';
import { planJob, runJob } from '../../local/mediaconvert/engine';
import type { JobPasses } from '../../local/mediaconvert/engine/run-job';
import { FolderStorage } from '../support/folder-storage';
import { bytes, childCpuMs, median, seconds, timed } from '../support/measure';
import type { Row } from '../support/result';
import { makeClip } from '../support/sources';

/** One pass becomes the engine's default only if it is faster by more than this. */
const GOAL = 0.9;

function dashSettings(picture: { seconds: number; width: number; height: number }, run: string): JobSettings {
  return buildDashSettings(
    {
      assetId: `one-pass-${run}`,
      state: 'SubmitDashJob',
      source: { bucket: 'ingest', key: 'source.mp4' },
      probe: {
        container: 'MPEG-4',
        durationMs: picture.seconds * 1000,
        video: { codec: 'AVC', width: picture.width, height: picture.height, frameRate: 30 },
        audioCount: 1,
        audioTracks: [{ index: 1, codec: 'AAC', channels: 2, sampleRate: 48000 }],
      },
    },
    { outputBucket: 'out', packaging: 'cmaf', thumbnailIntervalSeconds: 10 },
  );
}

export const onePassRow: Row = {
  name: 'one-pass',
  description: 'the dash job decoding its source once for all output groups against once per group',
  async run(options) {
    const picture = options.quick ? { seconds: 6, width: 1280, height: 720 } : { seconds: 24, width: 1920, height: 1080 };
    // Three runs, so the median is one run's time and not the mean of two that a busy moment skews.
    const runs = options.quick ? 1 : 3;
    const storage = new FolderStorage(path.join(options.folder, 's3'));
    const source = storage.path('s3://ingest/source.mp4');
    fs.mkdirSync(path.dirname(source), { recursive: true });
    await makeClip(source, { ...picture, toneHz: 440 });
    const groups = planJob(dashSettings(picture, 'groups')).outputGroups.length;
    const times: Record<JobPasses, number[]> = { one: [], 'per-group': [] };
    const cpu: Record<JobPasses, number[]> = { one: [], 'per-group': [] };
    const job = async (passes: JobPasses, run: number) => {
      const cpuBefore = childCpuMs();
      const { ms } = await timed(() => runJob(planJob(dashSettings(picture, `${passes}-${run}`)), storage, { passes, workFolder: options.folder }));
      times[passes].push(ms);
      cpu[passes].push(childCpuMs() - cpuBefore);
    };
    for (let run = 0; run < runs; run += 1) {
      // Alternating which goes first, so a change in the machine's load favours neither.
      const order: JobPasses[] = run % 2 === 0 ? ['one', 'per-group'] : ['per-group', 'one'];
      for (const passes of order) await job(passes, run);
    }
    const oneMs = median(times.one);
    const perGroupMs = median(times['per-group']);
    const ratio = oneMs / perGroupMs;
    return [
      {
        row: 'one-pass',
        subject: `dash job, ${groups} output groups`,
        size: `${picture.seconds} s ${picture.width}x${picture.height}, ${bytes(fs.statSync(source).size)}`,
        measured: `one pass ${seconds(oneMs)}, CPU ${seconds(median(cpu.one))}`,
        against: `a pass per group ${seconds(perGroupMs)}, CPU ${seconds(median(cpu['per-group']))}${runs > 1 ? ` (medians of ${runs})` : ''}`,
        ratio,
        goal: `< ${GOAL.toFixed(2)} to be the default`,
        pass: ratio < GOAL,
        values: {
          oneMs: times.one,
          perGroupMs: times['per-group'],
          oneCpuMs: cpu.one,
          perGroupCpuMs: cpu['per-group'],
          runs,
          groups,
          source: picture,
        },
      },
    ];
  },
};
