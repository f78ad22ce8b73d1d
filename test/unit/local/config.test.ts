import { FUNCTIONS, DEFAULT_SETTINGS } from '../../../infra/wiring';
import { localConfig } from '../../../local/config';
import { sharedEnvironment } from '../../../local/lambda/runtime';
import { TABLES } from '../../../infra/table-schemas';
import { createTableInput } from '../../../local/dynamodb/tables';
import { localResourceNames } from '../../../local/resources';

describe('localConfig', () => {
  it('defaults to port 4566 and .vod-local, and takes VOD_LOCAL_PORT and VOD_LOCAL_DATA_DIR', () => {
    const defaults = localConfig({});
    const overridden = localConfig({ VOD_LOCAL_PORT: '0', VOD_LOCAL_DATA_DIR: '/tmp/my data' });

    expect(defaults).toEqual({ port: 4566, host: '127.0.0.1', dataDir: '.vod-local', region: 'us-east-1', accountId: '000000000000' });
    expect(overridden).toMatchObject({ port: 0, dataDir: '/tmp/my data' });
  });

  it('takes the webhook URL and the value of its secret header from VOD_WEBHOOK_URL and VOD_WEBHOOK_SECRET', () => {
    const config = localConfig({ VOD_WEBHOOK_URL: 'http://127.0.0.1:9000/hooks', VOD_WEBHOOK_SECRET: 's3cret' });

    expect(config).toMatchObject({ webhookUrl: 'http://127.0.0.1:9000/hooks', webhookSecret: 's3cret' });
  });

  it('refuses a port that is not one', () => {
    expect(() => localConfig({ VOD_LOCAL_PORT: 'http' })).toThrow(/VOD_LOCAL_PORT="http" is not a port number/);
  });
});

describe('the local wiring', () => {
  it("gives the functions' environments without conflicts, so they can share one process", () => {
    const environment = sharedEnvironment(FUNCTIONS, localResourceNames(), DEFAULT_SETTINGS);

    expect(environment).toMatchObject({ ASSET_TABLE: 'vod-assets', TASK_TOKEN_TABLE: 'vod-task-tokens', OUTPUT_BUCKET: 'vod-outputs' });
  });

  it('creates the asset table with its status index, keyed as the asset record is', () => {
    const input = createTableInput('vod-assets', TABLES.assetTable);

    expect(input.KeySchema).toEqual([{ AttributeName: 'assetId', KeyType: 'HASH' }]);
    expect(input.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'status-updatedAt',
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'updatedAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(input.AttributeDefinitions).toHaveLength(3);
  });
});
