import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SETTINGS } from '../../../infra/wiring';
import { contextPairs, localPipelineSettings } from '../../../local/settings';

function projectWith(context: Record<string, unknown> | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-settings-'));
  if (context) fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'x', context }));
  return dir;
}

describe('localPipelineSettings', () => {
  it("takes the stack's defaults where there is no cdk.json", () => {
    expect(localPipelineSettings({ cwd: projectWith(undefined) })).toEqual(DEFAULT_SETTINGS);
  });

  it("reads cdk.json's context, with -c pairs over it", () => {
    // Prepare
    const cwd = projectWith({ maxSourceMinutes: 30, maxJobCostUsd: 4, packaging: 'dash-iso', '@aws-cdk/core:checkSecretUsage': true });

    // Act
    const settings = localPipelineSettings({ cwd, context: ['maxJobCostUsd=0.25', 'thumbnailIntervalSeconds=5'] });

    // Assess
    expect(settings).toMatchObject({ maxSourceMinutes: 30, maxJobCostUsd: 0.25, packaging: 'dash-iso', thumbnailIntervalSeconds: 5 });
  });

  it('fails on an invalid value with the message the synth gives', () => {
    // The message of test/infra/stack-props.spec.ts for the same value.
    expect(() => localPipelineSettings({ cwd: projectWith({}), context: ['maxJobCostUsd=-1'] })).toThrow(
      'maxJobCostUsd -1 is not a number of US dollars above 0; give the most one MediaConvert job may cost, e.g. -c maxJobCostUsd=20',
    );
    expect(() => localPipelineSettings({ cwd: projectWith({ maxSourceMinutes: 'long' }) })).toThrow(
      'CDK context maxSourceMinutes="long" is not a number; fix the -c option or cdk.json and synthesize again',
    );
  });

  it('says how to write a -c option that is not key=value', () => {
    expect(() => contextPairs(['maxJobCostUsd'])).toThrow('-c maxJobCostUsd is not key=value; give a setting as -c maxJobCostUsd=20');
    expect(contextPairs(['ingestPrefix=a=b'])).toEqual({ ingestPrefix: 'a=b' });
  });

  it('names a cdk.json that is not JSON', () => {
    // Prepare
    const cwd = projectWith(undefined);
    fs.writeFileSync(path.join(cwd, 'cdk.json'), '{ nope');

    // Act / Assess
    expect(() => localPipelineSettings({ cwd })).toThrow(`${path.join(cwd, 'cdk.json')} is not JSON`);
  });
});
