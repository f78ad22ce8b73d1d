/**
 * fetchInput on HLS inputs: which playlist it reads, the objects its URIs name, and the
 * MediaConvert errors for HLS inputs the engine cannot read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, JobFailedError } from '../../../../local/mediaconvert/engine';
import { fetchInput } from '../../../../local/mediaconvert/engine/fetch-inputs';
import type { InputPlan } from '../../../../local/mediaconvert/engine/job-plan';
import type { Sandbox } from './support';
import { FolderStorage, failure, ffmpegLog, makeHlsRecording, sandbox } from './support';

jest.setTimeout(60_000);

let box: Sandbox;
let storage: FolderStorage;
let jobs = 0;
let texts = 0;

beforeAll(() => {
  box = sandbox('fetch-inputs-');
  storage = new FolderStorage(box.folder('s3'));
});

afterAll(() => box.remove());

const hlsInput = (uri: string): InputPlan => ({
  path: 'Settings.Inputs[0]',
  uri,
  kind: 'hls',
  timecodeSource: 'ZEROBASED',
  autoRotate: false,
  clippings: [],
  audioSelectors: {},
  images: [],
});

/** Puts playlist text (and any other objects) at S3 URIs. */
function putText(objects: Record<string, string>): void {
  for (const [uri, text] of Object.entries(objects)) {
    texts += 1;
    const file = box.file(`texts/${texts}`);
    writeFileSync(file, text);
    storage.put(uri, file);
  }
}

async function fetchHls(uri: string): Promise<string> {
  jobs += 1;
  return fetchInput(hlsInput(uri), 0, box.folder(`work/${jobs}`), storage);
}

const MEDIA = '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nseg0.ts\n#EXTINF:1.0,\nseg1.ts\n#EXT-X-ENDLIST\n';

describe('fetchInput: an HLS input', () => {
  it('reads the highest variant, fetching the objects its percent-encoded URIs name, into a playlist ffmpeg reads', async () => {
    // Prepare: keys with spaces, `+`, `:` and accents, written in the playlists as URIs.
    const prefix = 's3://recordings/ivs/v1/rec one/Café+take:1/media/hls';
    const master = makeHlsRecording(box.folder('media/escaped'), { width: 320, height: 180, rate: 25, seconds: 2 });
    const variant = path.join(path.dirname(master), '720p30');
    const media = readFileSync(path.join(variant, 'playlist.m3u8'), 'utf8').replace(/seg(\d)\.ts/g, 'take%201%3A%C3%A9+$1.ts');
    putText({
      [`${prefix}/master.m3u8`]:
        '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="muxed",NAME="main",DEFAULT=YES\n' +
        '#EXT-X-STREAM-INF:BANDWIDTH=200000,AUDIO="muxed"\nlow%20res/playlist.m3u8\n' +
        '#EXT-X-STREAM-INF:BANDWIDTH=2500000,AUDIO="muxed"\nhigh%20res/playlist.m3u8\n',
      [`${prefix}/high res/playlist.m3u8`]: media,
    });
    for (const segment of [0, 1]) storage.put(`${prefix}/high res/take 1:é+${segment}.ts`, path.join(variant, `seg${segment}.ts`));

    // Act
    const local = await fetchHls(`${prefix}/master.m3u8`);

    // Assess
    const log = ffmpegLog(['-i', local, '-f', 'null', '-']);
    expect(log).toMatch(/Video: h264/);
    expect(log).not.toMatch(/Failed to open segment/);
  });

  it('fetches each initialisation section and segment once, byte ranges included', async () => {
    // Prepare
    const prefix = 's3://recordings/fmp4/media/hls';
    putText({
      [`${prefix}/playlist.m3u8`]:
        '#EXTM3U\n#EXT-X-MAP:URI="init%20a.mp4"\n#EXTINF:1.0,\n#EXT-X-BYTERANGE:10@0\nmedia.mp4\n#EXTINF:1.0,\n#EXT-X-BYTERANGE:10\nmedia.mp4\n' +
        '#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="../other/init b.mp4"\n#EXTINF:1.0,\n/fmp4/media/hls/next.mp4\n#EXT-X-ENDLIST\n',
      [`${prefix}/init a.mp4`]: 'init a',
      [`${prefix}/media.mp4`]: 'media media media',
      's3://recordings/fmp4/media/other/init b.mp4': 'init b',
      [`${prefix}/next.mp4`]: 'next',
    });

    // Act
    const local = await fetchHls(`${prefix}/playlist.m3u8`);

    // Assess: every URI of the local playlist names, next to it, the object's bytes.
    const lines = readFileSync(local, 'utf8').split('\n');
    const uris = lines.flatMap((line) =>
      line.startsWith('#EXT-X-MAP:') ? [/URI="([^"]*)"/.exec(line)![1]] : line && !line.startsWith('#') ? [line] : [],
    );
    expect(uris.map((uri) => readFileSync(path.resolve(path.dirname(local), uri), 'utf8'))).toEqual([
      'init a',
      'media media media',
      'media media media',
      'init b',
      'next',
    ]);
    expect(lines.filter((line) => line.startsWith('#EXT-X-BYTERANGE') || line === '#EXT-X-DISCONTINUITY')).toEqual([
      '#EXT-X-BYTERANGE:10@0',
      '#EXT-X-BYTERANGE:10',
      '#EXT-X-DISCONTINUITY',
    ]);
  });

  it('fails a malformed manifest with 3400', async () => {
    // Prepare
    const uri = 's3://recordings/malformed/master.m3u8';
    putText({ [uri]: 'not a playlist\n' });

    // Act
    const error = await failure(fetchHls(uri));

    // Assess
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error.errorCode).toBe(ERROR_CODES.hlsManifest);
    expect(error.message).toBe(
      `3400: MediaConvert can't open the following HLS input: ${uri}. This manifest is malformed: ${uri} (it does not start with #EXTM3U). Fix the manifest and then resubmit your job.`,
    );
  });

  it('fails a variant that plays with a separate audio rendition with 3400', async () => {
    // Prepare
    const uri = 's3://recordings/audio/master.m3u8';
    putText({
      [uri]:
        '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",URI="audio/playlist.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=900000,AUDIO="aud"\nvideo/playlist.m3u8\n',
      's3://recordings/audio/video/playlist.m3u8': MEDIA,
    });

    // Act
    const error = await failure(fetchHls(uri));

    // Assess
    expect(error.errorCode).toBe(ERROR_CODES.hlsManifest);
    expect(error.message).toBe(
      `3400: MediaConvert can't open the following HLS input: ${uri}. Its variant video/playlist.m3u8 plays with a separate audio rendition (audio/playlist.m3u8), ` +
        'which the local MediaConvert does not read; use a playlist whose segments carry the audio.',
    );
  });

  it('fails encrypted segments with 3400', async () => {
    // Prepare
    const uri = 's3://recordings/encrypted/playlist.m3u8';
    putText({ [uri]: MEDIA.replace('#EXTINF', '#EXT-X-KEY:METHOD=AES-128,URI="key.bin"\n#EXTINF') });

    // Act
    const error = await failure(fetchHls(uri));

    // Assess
    expect(error.errorCode).toBe(ERROR_CODES.hlsManifest);
    expect(error.message).toBe(
      `3400: MediaConvert can't open the following HLS input: ${uri}. Its segments are encrypted (AES-128), which the local MediaConvert does not decrypt.`,
    );
  });

  it('fails a playlist without #EXT-X-ENDLIST, and one without segments, with 3400', async () => {
    // Prepare
    const live = 's3://recordings/live/playlist.m3u8';
    const empty = 's3://recordings/empty/playlist.m3u8';
    putText({ [live]: MEDIA.replace('#EXT-X-ENDLIST\n', ''), [empty]: '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-ENDLIST\n' });

    // Act
    const errors = [await failure(fetchHls(live)), await failure(fetchHls(empty))];

    // Assess
    expect(errors.map((error) => error.errorCode)).toEqual([ERROR_CODES.hlsManifest, ERROR_CODES.hlsManifest]);
    expect(errors[0].message).toBe(
      `3400: MediaConvert can't open the following HLS input: ${live}. The playlist ${live} has no #EXT-X-ENDLIST: the recording is not finished. Resubmit the job once it is.`,
    );
    expect(errors[1].message).toBe(`3400: MediaConvert can't open the following HLS input: ${empty}. The playlist ${empty} lists no media segments.`);
  });

  it('fails a segment that is not on S3 with 3400, and a missing one with 1056', async () => {
    // Prepare
    const remote = 's3://recordings/remote/playlist.m3u8';
    const missing = 's3://recordings/missing/playlist.m3u8';
    putText({ [remote]: MEDIA.replace('seg1.ts', 'https://cdn.example.com/seg1.ts'), [missing]: MEDIA, 's3://recordings/missing/seg0.ts': 'seg0' });

    // Act
    const errors = [await failure(fetchHls(remote)), await failure(fetchHls(missing))];

    // Assess
    expect(errors[0].errorCode).toBe(ERROR_CODES.hlsManifest);
    expect(errors[0].message).toBe(
      `3400: MediaConvert can't open the following HLS input: ${remote}. The segment https://cdn.example.com/seg1.ts is not on S3; the local MediaConvert reads s3:// inputs only.`,
    );
    expect(errors[1].errorCode).toBe(ERROR_CODES.fileOpen);
    expect(errors[1].message).toBe(
      "Demuxer: [The transcoder can't read this media segment: [s3://recordings/missing/seg1.ts]. The segment is listed in this HLS child manifest: [s3://recordings/missing/playlist.m3u8]. " +
        'Check that the segment exists and is not corrupt, then resubmit the job.]',
    );
  });

  it('fails a missing variant playlist with 1404', async () => {
    // Prepare
    const uri = 's3://recordings/novariant/master.m3u8';
    putText({ [uri]: '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000\nvideo%20hd/playlist.m3u8\n' });

    // Act
    const error = await failure(fetchHls(uri));

    // Assess
    expect(error.errorCode).toBe(ERROR_CODES.fileNotFound);
    expect(error.message).toContain('[s3://recordings/novariant/video hd/playlist.m3u8]');
    expect(error.message).toContain(`The variant playlist s3://recordings/novariant/video hd/playlist.m3u8 listed in ${uri} does not exist`);
  });
});
