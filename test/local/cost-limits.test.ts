/**
 * The limits that protect the bill, on the local cloud with settings read as `vod local up` reads
 * them (cdk.json's context): an asset over a limit ends REJECTED, and MediaConvert never sees a job.
 */
import { ListJobsCommand } from '@aws-sdk/client-mediaconvert';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AssetRecord } from '../../functions/shared/asset';
import type { LocalCloud } from '../../local/cloud';
import type { Clients } from '../../local/clients';
import { localPipelineSettings } from '../../local/settings';
import { cloudPerFile, makeMp4, waitFor } from './support';

jest.setTimeout(120000);

// A project whose cdk.json allows sources of at most 0.01 minutes (0.6 s); the clip is 1 s long.
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-project-'));
fs.writeFileSync(
  path.join(project, 'cdk.json'),
  JSON.stringify({ app: 'npx ts-node infra/bin/vod-pipeline.ts', context: { maxSourceMinutes: 0.01 } }),
);
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

let cloud: LocalCloud;
let aws: Clients;
cloudPerFile(
  (started, clients) => {
    cloud = started;
    aws = clients;
  },
  { settings: localPipelineSettings({ cwd: project }) },
);

describe('cost limits on the local cloud', () => {
  it("rejects an upload longer than cdk.json's maxSourceMinutes before any MediaConvert job", async () => {
    // Prepare
    expect(cloud.settings.maxSourceMinutes).toBe(0.01);

    // Act
    await aws.s3.send(new PutObjectCommand({ Bucket: cloud.names.ingestBucket, Key: 'uploads/long.mp4', Body: makeMp4(1) }));

    // Assess
    const rejected = await waitFor('the asset REJECTED', async () => {
      const { Items } = await aws.documents.send(new ScanCommand({ TableName: cloud.names.assetTable }));
      return (Items as AssetRecord[] | undefined)?.find((item) => item.status === 'REJECTED');
    });
    expect(rejected.error).toMatchObject({ state: 'SubmitDashJob', error: 'InputRejected' });
    expect(rejected.error?.cause).toMatch(
      /^Asset \S+ \(SubmitDashJob\): the source is [\d.]+ minutes long, above maxSourceMinutes 0\.01 minutes; raise the limit in cdk\.json \(-c maxSourceMinutes=\.\.\.\) or split the source$/,
    );
    // The execution ends at Rejected: SUCCEEDED.
    await waitFor('the execution to end', async () => {
      const { executions } = await aws.sfn.send(new ListExecutionsCommand({ stateMachineArn: cloud.names.stateMachineArn }));
      return executions?.length === 1 && executions[0].status === 'SUCCEEDED' ? true : undefined;
    });
    const { Jobs } = await aws.mediaConvert.send(new ListJobsCommand({}));
    expect(Jobs ?? []).toHaveLength(0);
    expect(rejected.jobs ?? []).toHaveLength(0);
  });
});
