/**
 * The engine running real jobs with ffmpeg on media the tests generate (seconds long), through
 * S3 kept in a folder. The job settings are the project's job templates, filled in as the
 * submit-job function fills them.
 */
import { readFileSync } from 'node:fs';
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import { parse } from 'mpd-parser';
import { ERROR_CODES, FfmpegRunner, JobCanceledError, JobFailedError, planJob, runJob } from '../../../../local/mediaconvert/engine';
import type { JobResult } from '../../../../local/mediaconvert/engine';
import type { Sandbox } from './support';
import {
  FolderStorage,
  decodedSeconds,
  ebur128,
  failure,
  ffmpeg,
  makeHlsRecording,
  makeImage,
  makeMultitrack,
  makeVideo,
  pixel,
  sandbox,
  templateSettings,
  videoSize,
} from './support';

jest.setTimeout(180_000);

const runner = new FfmpegRunner({ concurrency: 2 });
let box: Sandbox;
let storage: FolderStorage;

beforeAll(() => {
  box = sandbox('mediaconvert-engine-');
  storage = new FolderStorage(box.file('s3'));
});

afterAll(() => {
  runner.killAll();
  box.remove();
});

function dashSettings(input: string, asset: string): JobSettings {
  const settings = templateSettings('dash-abr');
  settings.Inputs![0].FileInput = input;
  settings.OutputGroups![0].OutputGroupSettings!.DashIsoGroupSettings!.Destination = `s3://out/${asset}/dash/${asset}`;
  settings.OutputGroups![1].OutputGroupSettings!.FileGroupSettings!.Destination = `s3://out/${asset}/proxy/${asset}`;
  return settings;
}

describe('runJob: DASH Automated ABR and the SD proxy (dash template)', () => {
  const source = 's3://ingest/up loads/Café: take+1.mp4';
  let result: JobResult;
  const progress: number[] = [];

  beforeAll(async () => {
    const file = box.file('media/source-720p.mp4');
    makeVideo(file, { width: 1280, height: 720, rate: 30, seconds: 4 });
    storage.put(source, file);
    result = await runJob(planJob(dashSettings(source, 'a1')), storage, { ffmpeg: runner, onProgress: (percent) => progress.push(percent) });
  });

  it('writes an MPD that lists several video renditions, none above the source, for the source duration', () => {
    // Act
    const manifest = parse(readFileSync(storage.path('s3://out/a1/dash/a1.mpd'), 'utf8'), { manifestUri: 'https://example.com/a1/dash/a1.mpd' });

    // Assess
    const resolutions = manifest.playlists.map((playlist) => playlist.attributes.RESOLUTION!);
    expect(resolutions.length).toBeGreaterThanOrEqual(2);
    expect(resolutions.every((resolution) => resolution.height <= 720 && resolution.width <= 1280)).toBe(true);
    expect(Math.abs(manifest.duration - 4)).toBeLessThanOrEqual(0.2);
    for (const playlist of manifest.playlists) {
      const seconds = playlist.segments.reduce((sum, segment) => sum + segment.duration, 0);
      expect(Math.abs(seconds - 4)).toBeLessThanOrEqual(0.2);
      expect(playlist.attributes.BANDWIDTH).toBeGreaterThanOrEqual(400_000);
      expect(playlist.attributes.BANDWIDTH).toBeLessThanOrEqual(6_000_000);
    }
    expect(Object.keys(manifest.mediaGroups.AUDIO)).toHaveLength(1);
  });

  it('uploads every file the MPD references, next to it', () => {
    // Prepare
    const manifest = parse(readFileSync(storage.path('s3://out/a1/dash/a1.mpd'), 'utf8'), { manifestUri: 'https://example.com/a1/dash/a1.mpd' });
    const audio = Object.values(Object.values(manifest.mediaGroups.AUDIO)[0])[0].playlists;

    // Act
    const referenced = [...manifest.playlists, ...audio].flatMap((playlist) => playlist.segments.flatMap((segment) => [segment.uri, segment.map?.uri ?? '']));

    // Assess
    const uploaded = new Set(storage.uploads.map((upload) => upload.uri));
    for (const name of new Set(referenced.filter(Boolean))) expect(uploaded).toContain(`s3://out/a1/dash/${name}`);
  });

  it('writes an SD proxy that plays back for the source duration', () => {
    // Prepare
    const proxy = storage.path('s3://out/a1/proxy/a1_proxy.mp4');

    // Act
    const seconds = decodedSeconds(proxy);

    // Assess
    expect(videoSize(proxy)).toEqual({ width: 640, height: 360 });
    expect(Math.abs(seconds - 4)).toBeLessThanOrEqual(0.2);
  });

  it("returns the COMPLETE event's output group details and reports progress up to 100", () => {
    // Assess
    const [dash, proxy] = result.outputGroupDetails;
    expect(dash.type).toBe('DASH_ISO_GROUP');
    expect(dash.playlistFilePaths).toEqual(['s3://out/a1/dash/a1.mpd']);
    expect(dash.outputDetails.filter((output) => output.videoDetails).length).toBeGreaterThanOrEqual(2);
    expect(dash.outputDetails.every((output) => output.outputFilePaths === undefined && Math.abs(output.durationInMs! - 4000) <= 200)).toBe(true);
    expect(proxy).toEqual({
      type: 'FILE_GROUP',
      outputDetails: [{ outputFilePaths: ['s3://out/a1/proxy/a1_proxy.mp4'], durationInMs: expect.any(Number), videoDetails: { widthInPx: 640, heightInPx: 360 } }],
    });
    expect(progress[progress.length - 1]).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});

describe('runJob: stitching pre-roll, an HLS recording and post-roll (stitch template)', () => {
  const recording = 's3://recordings/ivs/v1/000000000000/AsXego4U6tnj/2026/1/2/3/4/rec1/media/hls/master.m3u8';
  let result: JobResult;

  beforeAll(async () => {
    const preroll = box.file('media/preroll.mp4');
    const postroll = box.file('media/postroll.mp4');
    const bug = box.file('media/bug.png');
    makeVideo(preroll, { width: 1280, height: 720, rate: 25, seconds: 2, color: 'blue' });
    makeVideo(postroll, { width: 640, height: 360, rate: 30, seconds: 2, color: 'green' });
    makeImage(bug, 160, 90, 'red');
    const hls = makeHlsRecording(box.folder('media/hls'), { width: 1280, height: 720, rate: 30, seconds: 4, color: 'gray' });
    storage.put('s3://assets/bumpers/preroll.mp4', preroll);
    storage.put('s3://assets/bumpers/postroll.mp4', postroll);
    storage.put('s3://assets/overlays/bug.png', bug);
    storage.put(recording, hls);
    storage.put(recording.replace('master.m3u8', '720p30/playlist.m3u8'), hls.replace('master.m3u8', '720p30/playlist.m3u8'));
    for (let segment = 0; segment < 4; segment += 1) {
      storage.put(recording.replace('master.m3u8', `720p30/seg${segment}.ts`), hls.replace('master.m3u8', `720p30/seg${segment}.ts`));
    }

    const settings = templateSettings('stitch');
    const [first, main, last] = settings.Inputs!;
    first.FileInput = 's3://assets/bumpers/preroll.mp4';
    main.FileInput = recording;
    last.FileInput = 's3://assets/bumpers/postroll.mp4';
    main.ImageInserter!.InsertableImages![0].ImageInserterInput = 's3://assets/overlays/bug.png';
    settings.OutputGroups![0].OutputGroupSettings!.DashIsoGroupSettings!.Destination = 's3://out/rec1/dash/rec1';
    settings.OutputGroups![1].OutputGroupSettings!.FileGroupSettings!.Destination = 's3://out/rec1/proxy/rec1';
    result = await runJob(planJob(settings), storage, { ffmpeg: runner });
  });

  it('joins the three parts: the outputs last as long as the parts together', () => {
    // Act
    const proxySeconds = decodedSeconds(storage.path('s3://out/rec1/proxy/rec1_proxy.mp4'));
    const manifest = parse(readFileSync(storage.path('s3://out/rec1/dash/rec1.mpd'), 'utf8'));

    // Assess
    expect(Math.abs(proxySeconds - 8)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(manifest.duration - 8)).toBeLessThanOrEqual(0.3);
    expect(result.outputGroupDetails[0].playlistFilePaths).toEqual(['s3://out/rec1/dash/rec1.mpd']);
  });

  it('shows the overlay on the recording only', () => {
    // Prepare: the overlay's centre, in the 640x360 proxy of the 1280x720 timeline.
    const proxy = storage.path('s3://out/rec1/proxy/rec1_proxy.mp4');
    const [x, y] = [(1088 + 80) / 2, Math.round((32 + 45) / 2)];

    // Act
    const [pre, main, post] = [1, 4, 7].map((seconds) => pixel(proxy, seconds, x, y));
    const beside = pixel(proxy, 4, 100, 200);

    // Assess: red at opacity 70 over grey in the recording; the bumpers' own colours around it.
    expect(main[0]).toBeGreaterThan(180);
    expect(main[1]).toBeLessThan(90);
    expect(beside[0]).toBeLessThan(150);
    expect(pre).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    expect(pre[0]).toBeLessThan(60);
    expect(pre[2]).toBeGreaterThan(180);
    expect(post[0]).toBeLessThan(60);
    expect(post[1]).toBeGreaterThan(90);
  });
});

describe('runJob: loudness measurement (loudness template)', () => {
  function loudnessSettings(input: string, asset: string, tracks: number, clipEnd?: string, hasVideo = true): JobSettings {
    const settings = templateSettings('loudness');
    const [input0] = settings.Inputs!;
    input0.FileInput = input;
    input0.AudioSelectors = Object.fromEntries(Array.from({ length: tracks }, (_, i) => [`Audio Selector ${i + 1}`, { ...input0.AudioSelectors!['Audio Selector 1'], Tracks: [i + 1] }]));
    if (clipEnd) input0.InputClippings = [{ StartTimecode: '00:00:00:00', EndTimecode: clipEnd }];
    const group = settings.OutputGroups![0];
    group.OutputGroupSettings!.FileGroupSettings!.Destination = `s3://out/tmp/loudness/${asset}/${asset}`;
    const output = group.Outputs![0];
    const descriptions = Array.from({ length: tracks }, (_, i) => ({ ...output.AudioDescriptions![0], AudioSourceName: `Audio Selector ${i + 1}` }));
    if (hasVideo) {
      output.AudioDescriptions = descriptions;
    } else {
      group.Outputs = descriptions.map((description, i) => ({ ...output, VideoDescription: undefined, NameModifier: `_analysis_track${i + 1}`, AudioDescriptions: [description] }));
    }
    return settings;
  }

  const lastLine = (uri: string): string[] => readFileSync(storage.path(uri), 'utf8').trim().split('\n').pop()!.split(',');

  it('logs each of 8 tracks: tone tracks at their ebur128 loudness, silent tracks below -50', async () => {
    // Prepare
    const file = box.file('media/mezzanine-8ch.mov');
    makeMultitrack(file, 4, 8, [1, 2], -20);
    storage.put('s3://ingest/mezzanine/master 8ch.mov', file);
    const settings = loudnessSettings('s3://ingest/mezzanine/master 8ch.mov', 'm8', 8, '00:00:03:00');

    // Act
    const result = await runJob(planJob(settings), storage, { ffmpeg: runner });

    // Assess
    const logs = Array.from({ length: 8 }, (_, i) => `s3://out/tmp/loudness/m8/m8_analysis_loudness.${i + 1}.csv`);
    expect(result.loudnessLogs.map((log) => log.uri)).toEqual(logs);
    const header = readFileSync(storage.path(logs[0]), 'utf8').split('\n')[0].split(',');
    expect(header[0]).toBe('Seconds');
    expect(header).toContain('InputMomentaryLoudness');
    for (const track of [1, 2]) {
      const direct = ebur128(file, `0:a:${track - 1}`);
      expect(Math.abs(Number(lastLine(logs[track - 1])[6]) - direct.maxMomentary)).toBeLessThanOrEqual(1);
      expect(Number(lastLine(logs[track - 1])[3])).toBeGreaterThan(-30);
    }
    for (const track of [3, 4, 5, 6, 7, 8]) expect(Number(lastLine(logs[track - 1])[6])).toBeLessThan(-50);
    // The clip: 3 s and the frame of the end timecode.
    expect(Number(lastLine(logs[0])[0])).toBeCloseTo(3.04, 2);
    const proxy = result.outputGroupDetails[0].outputDetails[0];
    expect(proxy.outputFilePaths).toEqual(['s3://out/tmp/loudness/m8/m8_analysis.mp4']);
    expect(Math.abs(proxy.durationInMs! - 3040)).toBeLessThanOrEqual(100);
  });

  it('logs each of 16 tracks, the most a mezzanine layout carries, in track order', async () => {
    // Prepare: tone on tracks 1 and 16 only, so a swapped or dropped track shows
    const file = box.file('media/mezzanine-16ch.mov');
    makeMultitrack(file, 1, 16, [1, 16], -20);
    storage.put('s3://ingest/mezzanine/master 16ch.mov', file);
    const settings = loudnessSettings('s3://ingest/mezzanine/master 16ch.mov', 'm16', 16);

    // Act
    const result = await runJob(planJob(settings), storage, { ffmpeg: runner });

    // Assess
    const logs = Array.from({ length: 16 }, (_, i) => `s3://out/tmp/loudness/m16/m16_analysis_loudness.${i + 1}.csv`);
    expect(result.loudnessLogs.map((log) => log.uri)).toEqual(logs);
    const maxima = logs.map((log) => Number(lastLine(log)[6]));
    expect(maxima[0]).toBeGreaterThan(-30);
    expect(maxima[15]).toBeGreaterThan(-30);
    for (const max of maxima.slice(1, 15)) expect(max).toBeLessThan(-50);
  });

  it('measures EBU Tech 3341 case 1 (1 kHz stereo sine at -23 dBFS) at -23.0 LUFS integrated', async () => {
    // Prepare: an audio-only input, so one audio-only output per track, as submit-job builds it.
    const file = box.file('media/tech3341-case1.wav');
    const tone = '0.070795*sin(2*PI*1000*t)';
    ffmpeg(['-f', 'lavfi', '-i', `aevalsrc=${tone}|${tone}:sample_rate=48000:duration=10`, '-c:a', 'pcm_s24le', file]);
    storage.put('s3://ingest/mezzanine/case 1.wav', file);
    const settings = loudnessSettings('s3://ingest/mezzanine/case 1.wav', 'ebu1', 1, undefined, false);

    // Act
    const result = await runJob(planJob(settings), storage, { ffmpeg: runner });

    // Assess
    const [log] = result.loudnessLogs;
    expect(log.uri).toBe('s3://out/tmp/loudness/ebu1/ebu1_analysis_track1_loudness.csv');
    expect(Math.abs(log.summary.integratedLufs - -23)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(Number(lastLine(log.uri)[1]) - -23)).toBeLessThanOrEqual(0.2);
    expect(result.outputGroupDetails[0].outputDetails[0].videoDetails).toBeUndefined();
  });
});

describe('runJob: failures', () => {
  it("fails a missing input with MediaConvert's file-not-found error (1404), naming it", async () => {
    // Prepare
    const plan = planJob(dashSettings('s3://ingest/nowhere/missing clip.mp4', 'missing'));

    // Act
    const error = await failure(runJob(plan, storage, { ffmpeg: runner }));

    // Assess
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.errorCode).toBe(ERROR_CODES.fileNotFound);
    expect(error.message).toContain('s3://ingest/nowhere/missing clip.mp4');
    expect(error.message).toContain('does not exist');
  });

  it('fails an HLS recording whose segment is missing (1056), naming the segment and its playlist', async () => {
    // Prepare
    const master = 's3://recordings/broken/media/hls/master.m3u8';
    const hls = makeHlsRecording(box.folder('media/broken'), { width: 320, height: 180, rate: 25, seconds: 2 });
    storage.put(master, hls);
    storage.put(master.replace('master.m3u8', '720p30/playlist.m3u8'), hls.replace('master.m3u8', '720p30/playlist.m3u8'));
    storage.put(master.replace('master.m3u8', '720p30/seg0.ts'), hls.replace('master.m3u8', '720p30/seg0.ts'));

    // Act
    const error = await failure(runJob(planJob(dashSettings(master, 'broken')), storage, { ffmpeg: runner }));

    // Assess
    expect(error.errorCode).toBe(ERROR_CODES.fileOpen);
    expect(error.message).toContain('s3://recordings/broken/media/hls/720p30/seg1.ts');
    expect(error.message).toContain('s3://recordings/broken/media/hls/720p30/playlist.m3u8');
  });

  it('fails an audio selector whose track the input lacks (1040)', async () => {
    // Prepare
    const file = box.file('media/stereo.mp4');
    makeVideo(file, { width: 320, height: 180, rate: 25, seconds: 1 });
    storage.put('s3://ingest/one-track.mp4', file);
    const settings = dashSettings('s3://ingest/one-track.mp4', 'tracks');
    settings.Inputs![0].AudioSelectors!['Audio Selector 1'] = { Tracks: [3] };

    // Act
    const error = await failure(runJob(planJob(settings), storage, { ffmpeg: runner }));

    // Assess
    expect(error.errorCode).toBe(ERROR_CODES.settingsCompatibility);
    expect(error.message).toContain('Audio track [3] not found in input container');
  });

  it('fails a clipping outside the input (1060)', async () => {
    // Prepare
    const file = box.file('media/short.mp4');
    makeVideo(file, { width: 320, height: 180, rate: 25, seconds: 1 });
    storage.put('s3://ingest/short.mp4', file);
    const settings = dashSettings('s3://ingest/short.mp4', 'short');
    settings.Inputs![0].InputClippings = [{ StartTimecode: '00:00:05:00', EndTimecode: '00:00:06:00' }];

    // Act
    const error = await failure(runJob(planJob(settings), storage, { ffmpeg: runner }));

    // Assess
    expect(error.errorCode).toBe(ERROR_CODES.timecodeClipping);
    expect(error.message).toContain('The clipping region [00:00:05:00] to [00:00:06:00] was not found in input number [1]');
  });

  it('stops its ffmpeg processes when cancelled', async () => {
    // Prepare
    const file = box.file('media/long.mp4');
    makeVideo(file, { width: 960, height: 540, rate: 30, seconds: 10 });
    storage.put('s3://ingest/long.mp4', file);
    const controller = new AbortController();

    // Act
    const running = runJob(planJob(dashSettings('s3://ingest/long.mp4', 'long')), storage, {
      ffmpeg: runner,
      signal: controller.signal,
      onProgress: (percent) => {
        if (percent > 0) controller.abort();
      },
    });
    const error = await failure(running);

    // Assess
    expect(error).toBeInstanceOf(JobCanceledError);
    expect(runner.active).toBe(0);
    expect(storage.uploads.some((upload) => upload.uri.startsWith('s3://out/long/'))).toBe(false);
  });
});
