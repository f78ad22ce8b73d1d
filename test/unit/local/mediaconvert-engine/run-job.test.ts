/**
 * The engine running real jobs with ffmpeg on media the tests generate (seconds long), through
 * S3 kept in a folder. The job settings are the project's job templates, filled in as the
 * submit-job function fills them.
 */
import { readFileSync, statSync } from 'node:fs';
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import { parse } from 'mpd-parser';
import { ERROR_CODES, FfmpegRunner, JobCanceledError, JobFailedError, planJob, runJob } from '../../../../local/mediaconvert/engine';
import type { JobResult } from '../../../../local/mediaconvert/engine';
import type { Probe } from '../../../../functions/shared/asset';
import { parseS3Uri } from '../../../../functions/shared/s3-uri';
import { buildDashSettings } from '../../../../functions/submit-job/dash-settings';
import { buildStitchSettings } from '../../../../functions/submit-job/stitch-settings';
import type { BuilderConfig } from '../../../../functions/submit-job/job-input';
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

const OUTPUT_BUCKET = 'out';

/** The dash job of an upload, as the submit-job function builds it. */
function dashSettings(
  input: string,
  asset: string,
  probe: Probe,
  options: Partial<Pick<BuilderConfig, 'packaging' | 'thumbnailIntervalSeconds'>> = {},
): JobSettings {
  const { bucket, key } = parseS3Uri(input);
  return buildDashSettings(
    { assetId: asset, state: 'SubmitDashJob', source: { bucket, key }, probe },
    { outputBucket: OUTPUT_BUCKET, packaging: 'cmaf', thumbnailIntervalSeconds: 10, ...options },
  );
}

const probeOf = (width: number, height: number, seconds: number, audio = true): Probe => ({
  container: 'MPEG-4',
  durationMs: seconds * 1000,
  video: { codec: 'AVC', width, height, frameRate: 30 },
  audioCount: audio ? 1 : 0,
  audioTracks: audio ? [{ index: 1, codec: 'AAC', channels: 1, sampleRate: 48000 }] : [],
});

/** The segment files (init and media) a playlist or manifest lists, by file name. */
const mediaPlaylistFiles = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => (line.startsWith('#EXT-X-MAP:') ? [/URI="([^"]+)"/.exec(line)![1]] : line && !line.startsWith('#') ? [line] : []));

function mpdFiles(file: string): string[] {
  const manifest = parse(readFileSync(file, 'utf8'), { manifestUri: 'https://example.com/m.mpd' });
  const audio = Object.values(manifest.mediaGroups.AUDIO).flatMap((group) => Object.values(group).flatMap((rendition) => rendition.playlists));
  return [...manifest.playlists, ...audio]
    .flatMap((playlist) => playlist.segments.flatMap((segment) => [segment.uri, segment.map?.uri ?? '']))
    .filter(Boolean);
}

/** Variant resolutions of an HLS master playlist, and its media playlists. */
function hlsMaster(file: string): { resolutions: string[]; playlists: string[] } {
  const lines = readFileSync(file, 'utf8').split('\n');
  return {
    resolutions: lines.flatMap((line) => /RESOLUTION=(\d+x\d+)/.exec(line)?.[1] ?? []),
    playlists: lines
      .flatMap((line) => [/URI="([^"]+)"/.exec(line)?.[1] ?? '', line.startsWith('#') ? '' : line])
      .filter((name) => name.endsWith('.m3u8')),
  };
}

describe('runJob: CMAF Automated ABR, the SD proxy, thumbnails and the poster (dash template)', () => {
  const source = 's3://ingest/up loads/Café: take+1.mp4';
  const cmaf = (name: string) => storage.path(`s3://out/a1/cmaf/${name}`);
  let result: JobResult;
  const progress: number[] = [];

  beforeAll(async () => {
    const file = box.file('media/source-720p.mp4');
    makeVideo(file, { width: 1280, height: 720, rate: 30, seconds: 4, noise: true });
    storage.put(source, file);
    const settings = dashSettings(source, 'a1', probeOf(1280, 720, 4), { thumbnailIntervalSeconds: 1 });
    result = await runJob(planJob(settings), storage, { ffmpeg: runner, onProgress: (percent) => progress.push(percent) });
  });

  it('writes an HLS master playlist and a DASH manifest over the same renditions, none above the source', () => {
    // Act
    const master = hlsMaster(cmaf('a1.m3u8'));
    const manifest = parse(readFileSync(cmaf('a1.mpd'), 'utf8'), { manifestUri: 'https://example.com/a1/cmaf/a1.mpd' });

    // Assess: the 720p ladder, each rendition 16:9 with even sides.
    const resolutions = manifest.playlists.map((playlist) => `${playlist.attributes.RESOLUTION!.width}x${playlist.attributes.RESOLUTION!.height}`);
    expect(resolutions).toEqual(['1280x720', '960x540', '768x432', '640x360']);
    expect(master.resolutions).toEqual(resolutions);
    expect(Math.abs(manifest.duration - 4)).toBeLessThanOrEqual(0.2);
    for (const playlist of manifest.playlists) {
      expect(playlist.attributes.BANDWIDTH).toBeGreaterThanOrEqual(400_000);
      expect(playlist.attributes.BANDWIDTH).toBeLessThanOrEqual(6_000_000);
    }
    expect(Object.keys(manifest.mediaGroups.AUDIO)).toHaveLength(1);
  });

  it('shares the fMP4 segments between the HLS media playlists and the MPD, and uploads them all', () => {
    // Act
    const hls = hlsMaster(cmaf('a1.m3u8')).playlists.flatMap((playlist) => mediaPlaylistFiles(cmaf(playlist)));
    const dash = mpdFiles(cmaf('a1.mpd'));

    // Assess
    expect(new Set(hls)).toEqual(new Set(dash));
    expect(hls.length).toBeGreaterThanOrEqual(10);
    const uploaded = new Set(storage.uploads.map((upload) => upload.uri));
    for (const name of new Set(hls)) expect(uploaded).toContain(`s3://out/a1/cmaf/${name}`);
  });

  it('puts the manifests after every file of their group, though the files go up several at once', () => {
    // Act
    const order = storage.uploads.map((upload) => upload.uri).filter((uri) => uri.startsWith('s3://out/a1/cmaf/'));
    const manifests = ['s3://out/a1/cmaf/a1.mpd', 's3://out/a1/cmaf/a1.m3u8'].map((uri) => order.indexOf(uri));

    // Assess
    expect(manifests.every((index) => index >= 0)).toBe(true);
    expect(Math.min(...manifests)).toBe(order.length - manifests.length);
  });

  it('decodes over the full duration through HLS and through DASH', () => {
    expect(Math.abs(decodedSeconds(cmaf('a1.m3u8')) - 4)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(decodedSeconds(cmaf('a1.mpd')) - 4)).toBeLessThanOrEqual(0.2);
  });

  it('codes the AAC audio at the declared bitrate, within 15 %', () => {
    // Prepare: the audio representation's media segments (not its init segment).
    const audioPlaylist = /#EXT-X-MEDIA:TYPE=AUDIO.*URI="([^"]+)"/.exec(readFileSync(cmaf('a1.m3u8'), 'utf8'))![1];
    const segments = mediaPlaylistFiles(cmaf(audioPlaylist)).filter((name) => !name.endsWith('_init.mp4'));

    // Act
    const bits = segments.reduce((sum, name) => sum + statSync(cmaf(name)).size * 8, 0);

    // Assess
    expect(Math.abs(bits / 4 / 128_000 - 1)).toBeLessThanOrEqual(0.15);
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

  it('captures one thumbnail per interval, named as MediaConvert names them, and the poster', () => {
    // Act
    // A group's files go up several at once, in no fixed order: as S3 lists them, by name.
    const thumbnails = storage.uploads
      .map((upload) => upload.uri)
      .filter((uri) => uri.startsWith('s3://out/a1/thumbnails/'))
      .sort();
    const posters = storage.uploads
      .map((upload) => upload.uri)
      .filter((uri) => uri.startsWith('s3://out/a1/poster/'))
      .sort();

    // Assess: 4 s at one a second: captures at 0, 1, 2 and 3 s.
    expect(thumbnails).toEqual([0, 1, 2, 3].map((n) => `s3://out/a1/thumbnails/a1_thumb.000000${n}.jpg`));
    expect(videoSize(storage.path(thumbnails[0]))).toEqual({ width: 320, height: 180 });
    expect(posters).toEqual(['s3://out/a1/poster/a1_poster.0000000.jpg', 's3://out/a1/poster/a1_poster.0000001.jpg']);
    expect(videoSize(storage.path(posters[1]))).toEqual({ width: 1280, height: 720 });
  });

  it("returns the COMPLETE event's output group details and reports progress up to 100", () => {
    // Assess
    const [group, proxy, thumbnails, poster] = result.outputGroupDetails;
    expect(group.type).toBe('CMAF_GROUP');
    expect(group.playlistFilePaths).toEqual(['s3://out/a1/cmaf/a1.mpd', 's3://out/a1/cmaf/a1.m3u8']);
    expect(group.outputDetails.filter((output) => output.videoDetails).length).toBe(4);
    expect(group.outputDetails.every((output) => output.outputFilePaths === undefined && Math.abs(output.durationInMs! - 4000) <= 200)).toBe(true);
    expect(proxy).toEqual({
      type: 'FILE_GROUP',
      outputDetails: [
        { outputFilePaths: ['s3://out/a1/proxy/a1_proxy.mp4'], durationInMs: expect.any(Number), videoDetails: { widthInPx: 640, heightInPx: 360 } },
      ],
    });
    // As MediaConvert reports frame captures: the last one, and the captures over the capture rate (4 at one a second).
    expect(thumbnails).toEqual({
      type: 'FILE_GROUP',
      outputDetails: [
        { outputFilePaths: ['s3://out/a1/thumbnails/a1_thumb.0000003.jpg'], durationInMs: 4000, videoDetails: { widthInPx: 320, heightInPx: 180 } },
      ],
    });
    expect(poster.outputDetails[0].outputFilePaths).toEqual(['s3://out/a1/poster/a1_poster.0000001.jpg']);
    expect(progress[progress.length - 1]).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});

describe('runJob in one pass for every output group', () => {
  it('writes the files, details and loudness logs of a pass per group, with progress up to 100', async () => {
    // Prepare
    const file = box.file('media/one-pass.mp4');
    makeVideo(file, { width: 640, height: 360, rate: 30, seconds: 2 });
    storage.put('s3://ingest/one-pass.mp4', file);
    const settings = (asset: string) => dashSettings('s3://ingest/one-pass.mp4', asset, probeOf(640, 360, 2), { thumbnailIntervalSeconds: 1 });
    const uploadsOf = (asset: string) =>
      storage.uploads
        .filter((upload) => upload.uri.startsWith(`s3://out/${asset}/`))
        .map((upload) => upload.uri.replace(`s3://out/${asset}/`, '').replaceAll(asset, 'ASSET'))
        .sort();
    const progress: number[] = [];

    // Act
    const perGroup = await runJob(planJob(settings('p1')), storage, { ffmpeg: runner, passes: 'per-group' });
    const onePass = await runJob(planJob(settings('o1')), storage, {
      ffmpeg: runner,
      passes: 'one',
      onProgress: (percent) => progress.push(percent),
    });

    // Assess
    expect(JSON.parse(JSON.stringify(onePass).replaceAll('o1', 'ASSET'))).toEqual(JSON.parse(JSON.stringify(perGroup).replaceAll('p1', 'ASSET')));
    expect(uploadsOf('o1')).toEqual(uploadsOf('p1'));
    expect(Math.abs(decodedSeconds(storage.path('s3://out/o1/cmaf/o1.mpd')) - 2)).toBeLessThanOrEqual(0.2);
    expect(progress[progress.length - 1]).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});

describe('runJob: DASH ISO packaging', () => {
  it('writes only an MPD for the ABR ladder, with its segments beside it', async () => {
    // Prepare
    const source = 's3://ingest/dash-iso.mp4';
    const file = box.file('media/dash-iso.mp4');
    makeVideo(file, { width: 640, height: 360, rate: 30, seconds: 2 });
    storage.put(source, file);

    // Act
    const result = await runJob(planJob(dashSettings(source, 'd1', probeOf(640, 360, 2), { packaging: 'dash-iso' })), storage, { ffmpeg: runner });

    // Assess
    expect(result.outputGroupDetails[0]).toMatchObject({ type: 'DASH_ISO_GROUP', playlistFilePaths: ['s3://out/d1/dash/d1.mpd'] });
    expect(storage.uploads.some((upload) => upload.uri.startsWith('s3://out/d1/dash/') && upload.uri.endsWith('.m3u8'))).toBe(false);
    expect(Math.abs(decodedSeconds(storage.path('s3://out/d1/dash/d1.mpd')) - 2)).toBeLessThanOrEqual(0.2);
  });
});

describe('runJob: a phone video with a 90° rotation flag (Rotate AUTO)', () => {
  const source = 's3://ingest/phone.mov';
  let result: JobResult;

  beforeAll(async () => {
    const coded = box.file('media/phone-coded.mp4');
    const flagged = box.file('media/phone.mov');
    makeVideo(coded, { width: 1280, height: 720, rate: 30, seconds: 2 });
    ffmpeg(['-i', coded, '-c', 'copy', '-metadata:s:v', 'rotate=90', flagged]);
    storage.put(source, flagged);
    result = await runJob(planJob(dashSettings(source, 'p1', probeOf(1280, 720, 2))), storage, { ffmpeg: runner });
  });

  it('comes out portrait: a 720x1280 top rendition and a portrait ladder of even sizes', () => {
    const [group] = result.outputGroupDetails;
    const sizes = group.outputDetails.flatMap((output) =>
      output.videoDetails ? [`${output.videoDetails.widthInPx}x${output.videoDetails.heightInPx}`] : [],
    );

    expect(sizes).toEqual(['720x1280', '540x960', '432x768', '360x640']);
    expect(videoSize(storage.path('s3://out/p1/cmaf/p1_0_init.mp4'))).toEqual({ width: 720, height: 1280 });
  });

  it('gives a portrait proxy, 360 lines high', () => {
    expect(videoSize(storage.path('s3://out/p1/proxy/p1_proxy.mp4'))).toEqual({ width: 202, height: 360 });
  });

  it('keeps the flag ignored without Rotate AUTO, as MediaConvert', async () => {
    // Prepare
    const settings = dashSettings(source, 'p2', probeOf(1280, 720, 2));
    delete settings.Inputs![0].VideoSelector;
    settings.OutputGroups = settings.OutputGroups!.filter((group) => group.Outputs![0].NameModifier === '_proxy');

    // Act
    await runJob(planJob(settings), storage, { ffmpeg: runner });

    // Assess
    expect(videoSize(storage.path('s3://out/p2/proxy/p2_proxy.mp4'))).toEqual({ width: 640, height: 360 });
  });
});

describe('runJob: a video without audio', () => {
  it('packages a video-only CMAF ladder that decodes through HLS and DASH', async () => {
    // Prepare
    const source = 's3://ingest/silent.mp4';
    const file = box.file('media/silent.mp4');
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30:duration=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file]);
    storage.put(source, file);

    // Act
    const result = await runJob(planJob(dashSettings(source, 'v1', probeOf(640, 360, 2, false))), storage, { ffmpeg: runner });

    // Assess
    const master = readFileSync(storage.path('s3://out/v1/cmaf/v1.m3u8'), 'utf8');
    expect(master).not.toContain('TYPE=AUDIO');
    expect(result.outputGroupDetails[0].outputDetails.every((output) => output.videoDetails)).toBe(true);
    expect(Math.abs(decodedSeconds(storage.path('s3://out/v1/cmaf/v1.m3u8')) - 2)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(decodedSeconds(storage.path('s3://out/v1/cmaf/v1.mpd')) - 2)).toBeLessThanOrEqual(0.2);
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

    // As the submit-job function builds it: a 2 s pre-roll, a 4 s recording.
    const settings = buildStitchSettings(
      {
        assetId: 'rec1',
        state: 'SubmitStitchJob',
        source: {
          bucket: 'recordings',
          prefix: 'ivs/v1/000000000000/AsXego4U6tnj/2026/1/2/3/4/rec1',
          channelArn: 'arn:aws:ivs:us-west-2:000000000000:channel/AsXego4U6tnj',
          playlist: parseS3Uri(recording).key,
        },
        probe: probeOf(1280, 720, 4),
        prerollMs: 2000,
      },
      {
        outputBucket: OUTPUT_BUCKET,
        assetsBucket: 'assets',
        prerollKey: 'bumpers/preroll.mp4',
        postrollKey: 'bumpers/postroll.mp4',
        overlayKey: 'overlays/bug.png',
        packaging: 'cmaf',
        thumbnailIntervalSeconds: 10,
      },
    );
    result = await runJob(planJob(settings), storage, { ffmpeg: runner });
  });

  it('joins the three parts: the outputs last as long as the parts together', () => {
    // Act
    const proxySeconds = decodedSeconds(storage.path('s3://out/rec1/proxy/rec1_proxy.mp4'));
    const manifest = parse(readFileSync(storage.path('s3://out/rec1/cmaf/rec1.mpd'), 'utf8'));
    const hlsSeconds = decodedSeconds(storage.path('s3://out/rec1/cmaf/rec1.m3u8'));

    // Assess
    expect(Math.abs(proxySeconds - 8)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(manifest.duration - 8)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(hlsSeconds - 8)).toBeLessThanOrEqual(0.3);
    expect(result.outputGroupDetails[0].playlistFilePaths).toEqual(['s3://out/rec1/cmaf/rec1.mpd', 's3://out/rec1/cmaf/rec1.m3u8']);
  });

  it('takes the poster inside the recording, not the pre-roll', () => {
    // Prepare: the poster is the last capture, 2.4 s in: a tenth into the recording after the 2 s pre-roll.
    const poster = result.outputGroupDetails[3].outputDetails[0].outputFilePaths![0];

    // Act: a pixel away from the overlay.
    const [r, g, b] = pixel(storage.path(poster), 0, 100, 200);

    // Assess: the recording's grey, not the pre-roll's blue.
    expect(poster).toBe('s3://out/rec1/poster/rec1_poster.0000001.jpg');
    expect(Math.abs(r - g)).toBeLessThan(30);
    expect(Math.abs(b - g)).toBeLessThan(30);
    expect(r).toBeGreaterThan(80);
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
    input0.AudioSelectors = Object.fromEntries(
      Array.from({ length: tracks }, (_, i) => [`Audio Selector ${i + 1}`, { ...input0.AudioSelectors!['Audio Selector 1'], Tracks: [i + 1] }]),
    );
    if (clipEnd) input0.InputClippings = [{ StartTimecode: '00:00:00:00', EndTimecode: clipEnd }];
    const group = settings.OutputGroups![0];
    group.OutputGroupSettings!.FileGroupSettings!.Destination = `s3://out/tmp/loudness/${asset}/${asset}`;
    const output = group.Outputs![0];
    const descriptions = Array.from({ length: tracks }, (_, i) => ({ ...output.AudioDescriptions![0], AudioSourceName: `Audio Selector ${i + 1}` }));
    if (hasVideo) {
      output.AudioDescriptions = descriptions;
    } else {
      group.Outputs = descriptions.map((description, i) => ({
        ...output,
        VideoDescription: undefined,
        NameModifier: `_analysis_track${i + 1}`,
        AudioDescriptions: [description],
      }));
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
    const plan = planJob(dashSettings('s3://ingest/nowhere/missing clip.mp4', 'missing', probeOf(320, 180, 1)));

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
    const error = await failure(runJob(planJob(dashSettings(master, 'broken', probeOf(320, 180, 1))), storage, { ffmpeg: runner }));

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
    const settings = dashSettings('s3://ingest/one-track.mp4', 'tracks', probeOf(320, 180, 1));
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
    const settings = dashSettings('s3://ingest/short.mp4', 'short', probeOf(320, 180, 1));
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
    const running = runJob(planJob(dashSettings('s3://ingest/long.mp4', 'long', probeOf(320, 180, 1))), storage, {
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
