/** A deployed pipeline as the `vod` commands see it, over SDK clients the tests mock. */
import type { Target } from '../../../cli/target';
import { awsClients } from '../../../local/clients';

export const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:111122223333:stateMachine:vod-pipeline';

export function testTarget(kind: Target['kind'] = 'aws'): Target {
  const clients = awsClients();
  return {
    kind,
    clients,
    info: {
      region: 'eu-west-1',
      buckets: { ingest: 'ingest', recordings: 'recordings', outputs: 'outputs', assets: 'assets' },
      assets: { preroll: 's3://assets/p.mp4', postroll: 's3://assets/q.mp4', overlay: 's3://assets/o.png' },
      table: 'assets',
      taskTokenTable: 'tokens',
      stateMachineArn: STATE_MACHINE_ARN,
      loudnessPrefix: 'mezzanine/',
    },
    close: async () => clients.destroy(),
  };
}
