/**
 * `vod events put` against the local cloud's bus: it says which of the pipeline's rules match the
 * event, and warns when none does (the event is put all the same, and starts nothing).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { Clients } from '../../local/clients';
import type { LocalCloud } from '../../local/cloud';
import { vod } from '../e2e/vod';
import { objectCreated } from '../support/events';
import { clients, startTestCloud } from './support';

let cloud: LocalCloud;
let aws: Clients;
let folder: string;

beforeAll(async () => {
  // Executions started by the events stay pending: the test asks the rules, not the pipeline.
  cloud = await startTestCloud({ holdExecutionStarts: true, mediaConvertPaused: true });
  aws = clients(cloud);
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-events-'));
});

afterAll(async () => {
  aws?.destroy();
  await cloud?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

function eventFile(name: string, event: unknown): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, JSON.stringify(event));
  return file;
}

describe('vod events put', () => {
  it('puts an event no rule matches, warns on stderr with what the rules take, and exits 0', async () => {
    // Prepare
    const file = eventFile('notes.json', objectCreated(cloud.names.ingestBucket, 'uploads/notes.txt'));

    // Act
    const run = await vod('events', 'put', file, '--json', '--endpoint', cloud.endpoint);

    // Assess
    expect(run.code).toBe(0);
    expect(run.json()).toEqual({ eventId: expect.any(String), matchedRules: [] });
    expect(run.stderr).toContain('no rule of the pipeline matches this Object Created event');
    expect(run.stderr).toContain('starts nothing');
    expect(run.stderr).toContain('{"wildcard":"*.mp4"}');
    await cloud.idle();
    const { executions = [] } = await aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: cloud.names.stateMachineArn }));
    expect(executions).toHaveLength(0);
  });

  it('names the rules an event matches, and warns of nothing', async () => {
    const file = eventFile('clip.json', objectCreated(cloud.names.ingestBucket, 'uploads/clip.mp4'));

    const run = await vod('events', 'put', file, '--endpoint', cloud.endpoint);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Event \S+ put on the bus; rules matching it: upload\n$/);
    expect(run.stderr).toBe('');
  });

  it('says no rule takes a source the pipeline has no rule for', async () => {
    const file = eventFile('custom.json', { source: 'my.app', 'detail-type': 'Thing Happened', detail: { n: 1 } });

    const run = await vod('events', 'put', file, '--endpoint', cloud.endpoint);

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/No rule takes my\.app events; the rules take the sources aws\.s3, aws\.ivs, aws\.mediaconvert, aws\.states/);
  });
});
