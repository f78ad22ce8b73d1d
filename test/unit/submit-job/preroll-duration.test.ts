import { resetClients } from '../../../functions/shared/clients';
import { prerollDurationMs } from '../../../functions/submit-job/preroll-duration';
import { FakeS3 } from '../probe/support/fake-s3';
import { ffmpeg, mp4WithAac, tempDir, writeText } from '../probe/support/media';

const BUCKET = 'vod-assets';
const job = { assetId: 'ivs-rec-1-0123456789abcdef', state: 'SubmitStitchJob' };
const s3 = new FakeS3();
const temp = tempDir();
const media: Record<string, string> = {};

beforeAll(() => {
  media.front = mp4WithAac(temp.file('front.mp4'), { seconds: 3, channels: 2 });
  // The index after the media data, as a plain `ffmpeg -i in out.mp4` writes it.
  media.back = temp.file('back.mp4');
  ffmpeg(['-i', media.front, '-c', 'copy', media.back]);
  media.text = writeText(temp.file('notes.mp4'), 'not a video');
}, 60_000);

afterAll(() => temp.remove());

beforeEach(() => {
  s3.reset();
  resetClients();
});

describe('prerollDurationMs', () => {
  it.each(['front', 'back'])('reads the duration from the MP4 index (index at the %s)', async (name) => {
    // Prepare
    s3.putFile(BUCKET, `bumpers/${name}.mp4`, media[name]);

    // Act
    const ms = await prerollDurationMs(job, BUCKET, `bumpers/${name}.mp4`);

    // Assess
    expect(Math.abs(ms - 3000)).toBeLessThanOrEqual(50);
  });

  it('names the missing pre-roll and the redrive', async () => {
    await expect(prerollDurationMs(job, BUCKET, 'bumpers/preroll.mp4')).rejects.toThrow(
      /ivs-rec-1-0123456789abcdef \(SubmitStitchJob\): the pre-roll s3:\/\/vod-assets\/bumpers\/preroll\.mp4 does not exist.*redrive/,
    );
  });

  it('refuses a pre-roll without an MP4 index, saying what to upload', async () => {
    s3.putFile(BUCKET, 'bumpers/notes.mp4', media.text);

    await expect(prerollDurationMs(job, BUCKET, 'bumpers/notes.mp4')).rejects.toThrow(
      /has no MP4 index giving its duration; upload the pre-roll as a non-fragmented MP4/,
    );
  });
});
