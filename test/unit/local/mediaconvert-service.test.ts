import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MediaConvertService } from '../../../local/mediaconvert/service';
import { newJobId } from '../../../local/mediaconvert/jobs';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-mc-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function service(times: number[] = [1700000000000, 1700000001000, 1700000002000]) {
  return new MediaConvertService({
    dataDir,
    region: 'us-east-1',
    accountId: '000000000000',
    endpoint: () => 'http://127.0.0.1:4566',
    now: () => new Date(times.shift() ?? 1700000009000),
  });
}

const request = {
  role: 'arn:aws:iam::000000000000:role/vod-mediaconvert',
  settings: { inputs: [{ fileInput: 's3://vod-ingest/a b.mp4' }], outputGroups: [] },
  userMetadata: { pipeline: 'vod-pipeline', assetId: 'a-b-123' },
};

describe('MediaConvertService', () => {
  it('creates a SUBMITTED job with a MediaConvert-style id and keeps it on disk', () => {
    // Act
    const job = service().createJob({ ...request, tags: { team: 'x' } });
    const again = service().getJob(job.id);

    // Assess
    expect(job.id).toMatch(/^1700000000000-[a-z0-9]{6}$/);
    expect(job).toMatchObject({
      arn: `arn:aws:mediaconvert:us-east-1:000000000000:jobs/${job.id}`,
      status: 'SUBMITTED',
      createdAt: 1700000000,
      role: request.role,
      settings: request.settings,
      userMetadata: request.userMetadata,
      queue: 'arn:aws:mediaconvert:us-east-1:000000000000:queues/Default',
    });
    expect(job).not.toHaveProperty('tags');
    expect(again).toEqual(job);
  });

  it('returns the same job for a repeated client request token', () => {
    const mc = service();

    const first = mc.createJob({ ...request, clientRequestToken: 'token-1' });
    const second = mc.createJob({ ...request, clientRequestToken: 'token-1' });

    expect(second.id).toBe(first.id);
    expect(mc.jobs.list()).toHaveLength(1);
  });

  it('refuses a job without role or settings, and reports unknown jobs as not found', () => {
    const mc = service();

    expect(() => mc.createJob({ settings: {} })).toThrow(/role/);
    expect(() => mc.createJob({ role: request.role })).toThrow(/settings/);
    expect(() => mc.getJob('1700000000000-nope00')).toThrow(/does not exist/);
  });

  it('lists jobs newest first, in pages', () => {
    // Prepare
    const mc = service();
    const ids = [mc.createJob(request).id, mc.createJob(request).id, mc.createJob(request).id];

    // Act
    const first = mc.listJobs(new URLSearchParams({ maxResults: '2' }));
    const second = mc.listJobs(new URLSearchParams({ maxResults: '2', nextToken: first.nextToken! }));

    // Assess
    expect(first.jobs.map((j) => j.id)).toEqual([ids[2], ids[1]]);
    expect(second.jobs.map((j) => j.id)).toEqual([ids[0]]);
    expect(second.nextToken).toBeUndefined();
  });
});

describe('newJobId', () => {
  it('is the creation time in milliseconds and six lower-case characters', () => {
    expect(newJobId(new Date(1536964333549))).toMatch(/^1536964333549-[a-z0-9]{6}$/);
  });
});
