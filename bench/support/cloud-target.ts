/** The CLI's view (a Target) of a local cloud the bench started, to reuse the CLI's upload and follow helpers. */
import type { Target } from '../../cli/target';
import type { LocalCloud } from '../../local/cloud';
import { localClients } from '../../local/clients';
import { pipelineInfo } from '../../local/info';

export function targetOf(cloud: LocalCloud): Target {
  const info = { ...pipelineInfo(cloud.names, cloud.settings, cloud.endpoint), dataDir: cloud.dataDir };
  const clients = localClients(cloud.endpoint, cloud.credentials, info.region);
  return { kind: 'endpoint', info, clients, cloud, close: async () => clients.destroy() };
}
