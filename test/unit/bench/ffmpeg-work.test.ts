/** The recorded ffmpeg commands, grouped into the jobs the pipeline rows run again bare. */
import { jobsOf } from '../../../bench/support/ffmpeg-work';
import type { RecordedCommand } from '../../../bench/support/ffmpeg-work';

const command = (args: string[], startMs: number): RecordedCommand => ({
  args,
  startMs,
  endMs: startMs + 1,
  probe: args.length === 2 && args[0] === '-i',
});

describe('jobsOf', () => {
  it("groups commands by the job's work folder, its probes as inputs and the rest as encodes, in start order", () => {
    // Prepare
    const a = '/data/mediaconvert/work/vod-mediaconvert-aaa';
    const b = '/data/mediaconvert/work/vod-mediaconvert-bbb';
    const commands = [
      command(['-i', `${b}/input0.mp4`], 5),
      command(['-i', `${a}/input0.mp4`], 1),
      command(['-i', `${a}/input0.mp4`, '-c:v', 'libx264', `${a}/group1/proxy.mp4`], 3),
      command(['-i', `${a}/input0.mp4`, '-f', 'dash', `${a}/group0/asset.mpd`], 2),
      command(['-i', '/elsewhere/clip.mp4'], 4),
    ];

    // Act
    const jobs = jobsOf(commands);

    // Assess
    expect(jobs).toEqual([
      {
        workFolder: a,
        inputs: [`${a}/input0.mp4`],
        encodes: [
          ['-i', `${a}/input0.mp4`, '-f', 'dash', `${a}/group0/asset.mpd`],
          ['-i', `${a}/input0.mp4`, '-c:v', 'libx264', `${a}/group1/proxy.mp4`],
        ],
        encodeSpanMs: 2,
      },
      { workFolder: b, inputs: [`${b}/input0.mp4`], encodes: [], encodeSpanMs: 0 },
    ]);
  });
});
