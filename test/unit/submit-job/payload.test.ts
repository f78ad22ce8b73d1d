import { parseSubmitJobEvent } from '../../../functions/submit-job/payload';
import { probeOf, recording, upload } from './support';

const valid = {
  assetId: 'clip-1',
  origin: 'upload',
  source: upload,
  probe: probeOf(),
  branch: 'dash',
  taskToken: 'AQCEAAAAKgAAAAMAAAAAAAAAAd+token',
  executionArn: 'arn:aws:states:us-east-1:111122223333:execution:vod:run-1',
  state: 'SubmitDashJob',
};

describe('parseSubmitJobEvent', () => {
  it('accepts the payload of the Submit*Job states', () => {
    expect(parseSubmitJobEvent(valid)).toEqual(valid);
  });

  it('accepts an IVS recording', () => {
    const event = { ...valid, origin: 'ivs', source: recording, branch: 'stitch', state: 'SubmitStitchJob' };

    expect(parseSubmitJobEvent(event).source).toEqual(recording);
  });

  it('treats a null video as no video', () => {
    expect(parseSubmitJobEvent({ ...valid, probe: { ...probeOf(), video: null } }).probe).not.toHaveProperty('video');
  });

  it('lists every problem and names the state to fix', () => {
    const act = () => parseSubmitJobEvent({ ...valid, taskToken: '', branch: 'hls', probe: { audioCount: -1 } });

    expect(act).toThrow(TypeError);
    expect(act).toThrow(/asset clip-1: taskToken .*; branch "hls" .*; probe\.audioCount .*SubmitDashJob state/);
  });

  it.each([
    ['no source key', { ...valid, source: { bucket: 'b' } }, /source has no bucket/],
    ['an upload origin with a recording', { ...valid, source: recording }, /source of an upload has no key/],
    ['tracks without an index', { ...valid, probe: { ...probeOf(), audioTracks: [{ channels: 2 }] } }, /probe\.audioTracks/],
    ['not an object', 'SubmitDashJob', /the payload is not an object/],
  ])('refuses a payload with %s', (_name, event, message) => {
    expect(() => parseSubmitJobEvent(event)).toThrow(message);
  });
});
