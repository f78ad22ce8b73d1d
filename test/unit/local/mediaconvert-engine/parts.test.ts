/** The engine's parts: timecodes, the ABR ladder, output names, ffmpeg's logs, loudness logs, the timeline, the process queue. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FfmpegRunner, JobCanceledError } from '../../../../local/mediaconvert/engine';
import { abrLadder } from '../../../../local/mediaconvert/engine/abr-ladder';
import { buildDashSettings } from '../../../../functions/submit-job/dash-settings';
import { groupCommand, onePassCommand, outputPicture, qvbrCrf } from '../../../../local/mediaconvert/engine/group-command';
import type { CommandContext } from '../../../../local/mediaconvert/engine/group-command';
import { planJob } from '../../../../local/mediaconvert/engine/plan';
import type { InputPlan, JobPlan } from '../../../../local/mediaconvert/engine/job-plan';
import { LOUDNESS_LOG_HEADER, loudnessLog, parseLoudnessFrames } from '../../../../local/mediaconvert/engine/loudness-log';
import { displaySize, parseMediaInfo } from '../../../../local/mediaconvert/engine/media-info';
import type { MediaInfo } from '../../../../local/mediaconvert/engine/media-info';
import { dashManifestUri, fileOutputUri, loudnessLogUri, outputBase, siblingUri } from '../../../../local/mediaconvert/engine/output-naming';
import { isoDurationSeconds, renameManifestFiles } from '../../../../local/mediaconvert/engine/run-job';
import { timecodeToFrames, timecodeToSeconds } from '../../../../local/mediaconvert/engine/timecode';
import { resolveTimeline } from '../../../../local/mediaconvert/engine/timeline';

describe('timecodes', () => {
  it.each([
    ['00:01:00:00', { numerator: 25, denominator: 1 }, 1500],
    ['01:00:00:12', { numerator: 30, denominator: 1 }, 108012],
    // Drop-frame: 2 frame numbers skipped per minute except every tenth minute.
    ['00:01:00;02', { numerator: 30000, denominator: 1001 }, 1800],
    ['00:10:00;00', { numerator: 30000, denominator: 1001 }, 17982],
    // `;` at a rate that does not drop frames counts as `:`.
    ['00:00:01;05', { numerator: 25, denominator: 1 }, 30],
  ])('counts %s at %j as frame %d', (timecode, rate, frames) => {
    expect(timecodeToFrames(timecode, rate)).toBe(frames);
  });

  it('gives seconds at the input frame rate and rejects frames beyond it', () => {
    expect(timecodeToSeconds('00:00:02:15', { numerator: 30, denominator: 1 })).toBeCloseTo(2.5, 9);
    expect(() => timecodeToFrames('00:00:02:30', { numerator: 30, denominator: 1 }, 'The clipping end timecode')).toThrow(
      'The clipping end timecode "00:00:02:30" is out of range',
    );
  });
});

describe('abrLadder', () => {
  it.each([
    [{ width: 720, height: 1280 }, ['720x1280', '540x960', '432x768', '360x640']],
    [{ width: 640, height: 480 }, ['640x480', '576x432', '480x360']],
    [{ width: 1279, height: 719 }, ['1278x718', '960x540', '768x432', '640x360']],
  ])('keeps the orientation and aspect of a %j source, even sides, none above it', (source, expected) => {
    // Act
    const ladder = abrLadder(source, { maxAbrBitrate: 6_000_000, minAbrBitrate: 400_000, maxRenditions: 6 });

    // Assess
    expect(ladder.map((rendition) => `${rendition.width}x${rendition.height}`)).toEqual(expected);
  });

  it('stays within the bitrate limits and the source resolution, highest first', () => {
    // Act
    const ladder = abrLadder({ width: 1280, height: 720 }, { maxAbrBitrate: 6_000_000, minAbrBitrate: 400_000, maxRenditions: 6 });

    // Assess
    expect(ladder.map((rendition) => `${rendition.width}x${rendition.height}@${rendition.bitrate}`)).toEqual([
      '1280x720@4500000',
      '960x540@2000000',
      '768x432@1100000',
      '640x360@400000',
    ]);
  });

  it('keeps at most MaxRenditions, spread from the top to the bottom, and honours a max resolution', () => {
    // Act
    const ladder = abrLadder({ width: 3840, height: 2160 }, { maxAbrBitrate: 8_000_000, minAbrBitrate: 100_000, maxRenditions: 3 }, { height: 1080 });

    // Assess
    expect(ladder).toHaveLength(3);
    expect(ladder[0]).toEqual({ width: 1920, height: 1080, bitrate: 7_800_000 });
    expect(ladder[2]).toEqual({ width: 416, height: 234, bitrate: 145_000 });
    expect(ladder.every((rendition) => rendition.bitrate <= 8_000_000 && rendition.bitrate >= 100_000)).toBe(true);
  });

  it('drops a rendition that a bitrate cap would make no cheaper than the one above', () => {
    // Act
    const ladder = abrLadder({ width: 1920, height: 1080 }, { maxAbrBitrate: 2_000_000, minAbrBitrate: 600_000, maxRenditions: 15 });

    // Assess
    expect(ladder.map((rendition) => rendition.height)).toEqual([1080, 432, 360]);
    expect(ladder.map((rendition) => rendition.bitrate)).toEqual([2_000_000, 1_100_000, 600_000]);
  });
});

describe('output names', () => {
  it('names files after the first input when the destination is a folder', () => {
    const base = outputBase('s3://out/proxies/', 's3://ingest/up loads/Café: take+1.mov');
    expect(fileOutputUri(base, '_proxy', 'mp4')).toBe('s3://out/proxies/Café: take+1_proxy.mp4');
  });

  it('names the manifest, loudness logs and siblings after a destination base name', () => {
    const base = outputBase('s3://out/a1/dash/a1', 's3://ingest/clip.mp4');
    expect(dashManifestUri(base)).toBe('s3://out/a1/dash/a1.mpd');
    expect(siblingUri(base, 'a1_0_init.mp4')).toBe('s3://out/a1/dash/a1_0_init.mp4');
    expect(loudnessLogUri('s3://out/tmp/a', '_analysis', 3, 8)).toBe('s3://out/tmp/a_analysis_loudness.3.csv');
    expect(loudnessLogUri('s3://out/tmp/a', '_analysis_track1', 1, 1)).toBe('s3://out/tmp/a_analysis_track1_loudness.csv');
  });
});

describe('media info from ffmpeg', () => {
  it('reads duration, picture, frame rate, audio tracks and embedded timecode', () => {
    // Prepare
    const log = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'input.mov':",
      '  Duration: 00:00:02.50, start: 0.000000, bitrate: 2605 kb/s',
      '    Stream #0:0(eng): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 1440x1080 [SAR 4:3 DAR 16:9], 286 kb/s, 29.97 fps, 29.97 tbr, 30k tbn (default)',
      '    Metadata:',
      '      timecode        : 01:00:00;00',
      '    Stream #0:1(eng): Audio: pcm_s24le (in24 / 0x34326E69), 48000 Hz, mono, s32 (24 bit), 1152 kb/s (default)',
      '    Stream #0:2(eng): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, 5.1, fltp, 384 kb/s',
      'At least one output file must be specified',
    ].join('\n');

    // Act
    const info = parseMediaInfo(log);

    // Assess
    expect(info).toEqual({
      durationSeconds: 2.5,
      video: { width: 1440, height: 1080, frameRate: { numerator: 30000, denominator: 1001 }, sampleAspect: 4 / 3, rotation: 0 },
      audio: [
        { track: 1, channels: 1, sampleRate: 48000 },
        { track: 2, channels: 6, sampleRate: 44100 },
      ],
      timecode: '01:00:00;00',
    });
    expect(parseMediaInfo('missing.mp4: No such file or directory')).toBeUndefined();
  });

  it('reads rotation metadata; the picture turns only when the input asks for AUTO rotation', () => {
    // Prepare
    const log = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'phone.mov':",
      '  Duration: 00:00:01.00, start: 0.000000, bitrate: 100 kb/s',
      '    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 1920x1080, 20 kb/s, 30 fps, 30 tbr, 600 tbn (default)',
      '    Metadata:',
      '      rotate          : 90',
      '    Side data:',
      '      displaymatrix: rotation of -90.00 degrees',
    ].join('\n');

    // Act
    const video = parseMediaInfo(log)!.video!;

    // Assess
    expect(video.rotation).toBe(90);
    expect(displaySize(video, true)).toEqual({ width: 1080, height: 1920 });
    expect(displaySize(video, false)).toEqual({ width: 1920, height: 1080 });
  });
});

describe('loudness logs', () => {
  const frame = (time: number, m: string, s: string, i: string, peak?: number) =>
    `frame:${Math.round(time * 10)} pts:${Math.round(time * 48000)} pts_time:${time}\nlavfi.r128.M=${m}\nlavfi.r128.S=${s}\nlavfi.r128.I=${i}\nlavfi.r128.LRA=0.000\n` +
    (peak === undefined ? '' : `lavfi.r128.true_peaks_ch0=${peak}\n`);

  it('writes a header, a row per second and the end, with the running maximum of momentary loudness in column 6', () => {
    // Prepare
    const text = Array.from({ length: 25 }, (_, k) =>
      frame(k / 10, k < 3 ? '-120.691' : k === 12 ? '-18.500' : '-20.000', '-120.691', k < 3 ? '-70.000' : '-20.010'),
    ).join('');

    // Act
    const { csv, summary } = loudnessLog(parseLoudnessFrames(text), 2.5, false);

    // Assess
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(LOUDNESS_LOG_HEADER.join(','));
    expect(lines[0].split(',').indexOf('InputMomentaryLoudness')).toBeGreaterThan(0);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['1', '2', '2.500']);
    expect(lines[1].split(',')).toEqual(['1', '-20.010', '-20.000', '-120.691', '0.000', '', '-20.000']);
    expect(Number(lines[lines.length - 1].split(',')[6])).toBe(-18.5);
    expect(summary).toEqual({ integratedLufs: -20.01, maxMomentaryLufs: -18.5, loudnessRangeLu: 0 });
  });

  it('writes true peaks in dBTP, and the documented floor for the -inf of digital silence', () => {
    // Prepare
    const loud = parseLoudnessFrames(frame(0, '-23.000', '-23.000', '-23.000', 0.5) + frame(0.1, '-23.000', '-23.000', '-23.000', 0.5));
    const silent = parseLoudnessFrames(frame(0, '-163.524', '-172.275', '-70.000', 0));

    // Act
    const loudLog = loudnessLog(loud, 0.2, true);
    const silentLog = loudnessLog(silent, 0.1, true);

    // Assess
    expect(loudLog.summary.truePeakDbtp).toBeCloseTo(-6.0206, 3);
    expect(silentLog.csv.trim().split('\n')[1].split(',')[5]).toBe('-144.490');
    expect(Number(silentLog.csv.trim().split('\n')[1].split(',')[6])).toBeLessThan(-50);
  });
});

describe('encoding details', () => {
  it('maps QVBR levels to x264 quality and scales as MediaConvert scaling behaviours', () => {
    const canvas = { width: 1280, height: 720, frameRate: { numerator: 30, denominator: 1 } };
    const video = { rateControl: 'QVBR', gop: { size: 2, units: 'SECONDS' } } as const;
    expect(qvbrCrf(10)).toBe(18);
    expect(qvbrCrf(7)).toBe(25.5);
    expect(outputPicture({ ...video, scaling: 'DEFAULT', height: 360 }, canvas)).toMatchObject({ width: 640, height: 360 });
    expect(outputPicture({ ...video, scaling: 'DEFAULT', width: 640, height: 480 }, canvas)).toEqual({
      filter: 'scale=640:360,pad=640:480:(ow-iw)/2:(oh-ih)/2',
      width: 640,
      height: 480,
    });
    expect(outputPicture({ ...video, scaling: 'FIT', width: 640, height: 480 }, canvas)).toMatchObject({ width: 640, height: 360 });
    expect(outputPicture({ ...video, scaling: 'FIT_NO_UPSCALE', width: 1920, height: 1080 }, canvas)).toMatchObject({ width: 1280, height: 720 });
    expect(outputPicture({ ...video, scaling: 'FILL', width: 480, height: 480 }, canvas)).toEqual({
      filter: 'scale=854:480,crop=480:480',
      width: 480,
      height: 480,
    });
  });

  it('reads the manifest duration and renames its files after the destination base name', () => {
    const manifest =
      '<MPD mediaPresentationDuration="PT1M2.5S"><SegmentTemplate initialization="stream_$RepresentationID$_init.mp4" media="stream_$RepresentationID$_$Number%09d$.mp4"/></MPD>';
    expect(isoDurationSeconds('PT1M2.5S')).toBe(62.5);
    expect(renameManifestFiles(manifest, 'clip é&1')).toContain('initialization="clip%20%C3%A9%261_$RepresentationID$_init.mp4"');
  });
});

describe('resolveTimeline', () => {
  const rate = { numerator: 25, denominator: 1 };
  const info = (timecode?: string): MediaInfo => ({
    durationSeconds: 10,
    video: { width: 1280, height: 720, frameRate: rate, sampleAspect: 1, rotation: 0 },
    audio: [{ track: 1, channels: 2, sampleRate: 48000 }],
    ...(timecode ? { timecode } : {}),
  });
  const input = (overrides: Partial<InputPlan>): InputPlan => ({
    path: 'Settings.Inputs[0]',
    uri: 's3://ingest/a.mov',
    kind: 'file',
    timecodeSource: 'EMBEDDED',
    clippings: [],
    audioSelectors: { 'Audio Selector 1': { tracks: [1], defaulted: true } },
    images: [],
    autoRotate: false,
    ...overrides,
  });
  const plan = (inputs: InputPlan[]): JobPlan => ({ inputs, followInput: 0, outputGroups: [], ignoredSettings: [] });

  it('clips on the embedded timecode, including the frame of the end timecode', () => {
    // Act
    const timeline = resolveTimeline(plan([input({ clippings: [{ start: '01:00:01:00', end: '01:00:02:00' }] })]), [info('01:00:00:00')]);

    // Assess
    expect(timeline.segments).toEqual([{ input: 0, start: 1, duration: 1.04, images: [] }]);
    expect(timeline.canvas).toEqual({ width: 1280, height: 720, frameRate: rate });
  });

  it('counts from zero (ZEROBASED) or from a specified start, and times overlays within each clip', () => {
    // Prepare
    const image = {
      uri: 's3://assets/bug.png',
      x: 0,
      y: 0,
      opacity: 50,
      fadeInMs: 0,
      fadeOutMs: 500,
      layer: 0,
      startTimecode: '00:00:03:00',
      durationMs: 2000,
    };
    const zero = input({ timecodeSource: 'ZEROBASED', clippings: [{ start: '00:00:02:00', end: '00:00:05:24' }], images: [image] });
    const specified = input({ timecodeSource: 'SPECIFIEDSTART', timecodeStart: '10:00:00:00', clippings: [{ start: '10:00:08:00' }] });

    // Act
    const timeline = resolveTimeline(plan([zero, specified]), [info('01:00:00:00'), info()]);

    // Assess
    expect(timeline.segments).toEqual([
      { input: 0, start: 2, duration: 4, images: [{ image, start: 1, end: 3.5 }] },
      { input: 1, start: 8, duration: 2, images: [] },
    ]);
    expect(timeline.duration).toBe(6);
  });

  it('joins a selector at the most channels any input gives it, silence where an input has no audio', () => {
    // Prepare
    const silent: MediaInfo = { ...info(), audio: [] };
    const mono: MediaInfo = { ...info(), audio: [{ track: 1, channels: 1, sampleRate: 48000 }] };

    // Act
    const timeline = resolveTimeline(plan([input({}), input({})]), [silent, mono]);

    // Assess
    expect(timeline.audio).toEqual([{ 'Audio Selector 1': { tracks: [], channels: 0 } }, { 'Audio Selector 1': { tracks: [1], channels: 1 } }]);
    expect(timeline.selectorChannels).toEqual({ 'Audio Selector 1': 1 });
  });
});

describe('one pass for every output group', () => {
  const settings = buildDashSettings(
    {
      assetId: 'a-1',
      state: 'SubmitDashJob',
      source: { bucket: 'ingest', key: 'clip.mp4' },
      probe: {
        container: 'MPEG-4',
        durationMs: 10_000,
        video: { codec: 'AVC', width: 1280, height: 720, frameRate: 25 },
        audioCount: 1,
        audioTracks: [{ index: 1, codec: 'AAC', channels: 2, sampleRate: 48000 }],
      },
    },
    { outputBucket: 'out', packaging: 'cmaf', thumbnailIntervalSeconds: 5 },
  );
  const plan = planJob(settings);
  const info: MediaInfo = {
    durationSeconds: 10,
    video: { width: 1280, height: 720, frameRate: { numerator: 25, denominator: 1 }, sampleAspect: 1, rotation: 0 },
    audio: [{ track: 1, channels: 2, sampleRate: 48000 }],
  };
  const timeline = resolveTimeline(plan, [info]);
  const contexts = plan.outputGroups.map(
    (_, g): CommandContext => ({
      plan,
      timeline,
      infos: [info],
      inputPaths: ['/work/input0/clip.mp4'],
      imagePaths: [[]],
      outputFolder: `/work/group${g}`,
      measureFolder: `/work/measure/group${g}`,
    }),
  );
  const count = (args: string[], value: string) => args.filter((arg) => arg === value).length;

  it("reads the input once and writes what each group command writes, with each group command's output options", () => {
    // Act
    const onePass = onePassCommand(plan.outputGroups, contexts);
    const perGroup = plan.outputGroups.map((group, g) => groupCommand(group, contexts[g]));

    // Assess
    expect(plan.outputGroups.length).toBeGreaterThan(1);
    expect(count(onePass.args, '-i')).toBe(1);
    expect(perGroup.map((command) => count(command.args, '-i'))).toEqual(plan.outputGroups.map(() => 1));
    expect(onePass.groups).toEqual(perGroup.map(({ args: _, ...files }) => files));
    // Each group's options follow the shared graph in group order, as the group's own command has them after its graph.
    const afterGraph = (args: string[]) => args.slice(args.indexOf('-filter_complex') + 2);
    const outputs = afterGraph(onePass.args).join(' ');
    const groupOutputs = perGroup.map((command) =>
      afterGraph(command.args)
        .join(' ')
        .replace(/\[[a-z]+\d+\]/g, '[label]'),
    );
    expect(outputs.replace(/\[[a-z]+\d+\]/g, '[label]')).toBe(groupOutputs.join(' '));
  });

  it('splits the decoded picture once to every output of every group', () => {
    const onePass = onePassCommand(plan.outputGroups, contexts);

    const graph = onePass.args[onePass.args.indexOf('-filter_complex') + 1];
    const mapped = count(onePass.args, '-map');
    const split = /\[cv\d+\]split=(\d+)/.exec(graph);
    expect(split).not.toBeNull();
    // Every video output takes one branch of the split: the ladder's renditions, the proxy, the thumbnails, the poster.
    expect(Number(split![1])).toBeLessThan(mapped);
    expect(Number(split![1])).toBeGreaterThanOrEqual(plan.outputGroups.length);
  });
});

describe('FfmpegRunner', () => {
  it('runs at most `concurrency` processes at once and drops a queued one when its job is cancelled', async () => {
    // Prepare: a stand-in ffmpeg that ignores its arguments and takes a moment.
    const folder = mkdtempSync(path.join(tmpdir(), 'runner-'));
    const fake = path.join(folder, 'ffmpeg');
    writeFileSync(fake, '#!/bin/sh\nsleep 0.3\n', { mode: 0o755 });
    const runner = new FfmpegRunner({ path: fake, concurrency: 1 });
    const controller = new AbortController();
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, runner.active)), 10);

    // Act
    const first = runner.run(['-i', 'a']);
    const second = runner.run(['-i', 'b']);
    const cancelled = runner.run(['-i', 'c'], { signal: controller.signal });
    controller.abort();
    const outcomes = await Promise.allSettled([first, second, cancelled]);
    clearInterval(watch);
    rmSync(folder, { recursive: true, force: true });

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(JobCanceledError);
    expect(most).toBe(1);
  });
});
