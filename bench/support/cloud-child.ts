/** A local cloud in a child process (bench/support/cloud-process.ts): its clients, its memory, and the ffmpeg commands its jobs ran. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PipelineSettings, ResourceNames } from '../../infra/wiring';
import type { Credentials } from '../../local/auth/sigv4';
import type { Clients } from '../../local/clients';
import { localClients } from '../../local/clients';
import { procStatusBytes, startChild } from './child-process';
import type { RecordedCommand } from './ffmpeg-work';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ChildCloud {
  pid: number;
  endpoint: string;
  names: ResourceNames;
  settings: PipelineSettings;
  clients: Clients;
  /** Resident memory now, in bytes. */
  rss(): number | undefined;
  /** Peak resident memory so far (VmHWM), in bytes. */
  peakRss(): number | undefined;
  /** Stops the cloud and returns the ffmpeg commands its jobs ran. */
  stop(): Promise<RecordedCommand[]>;
}

export async function startChildCloud(folder: string): Promise<ChildCloud> {
  const dataDir = path.join(folder, 'cloud-data');
  const commandsFile = path.join(folder, 'ffmpeg-commands.json');
  const child = await startChild<{ endpoint: string; credentials: Credentials; names: ResourceNames; settings: PipelineSettings }>(
    ['--require', 'tsx/cjs', path.join(__dirname, 'cloud-process.ts'), dataDir, commandsFile],
    { cwd: ROOT, timeoutMs: 120_000 },
  );
  const pid = child.process.pid!;
  const clients = localClients(child.ready.endpoint, child.ready.credentials);
  return {
    pid,
    endpoint: child.ready.endpoint,
    names: child.ready.names,
    settings: child.ready.settings,
    clients,
    rss: () => procStatusBytes(pid, 'VmRSS'),
    peakRss: () => procStatusBytes(pid, 'VmHWM'),
    stop: async () => {
      clients.destroy();
      await child.stop();
      return fs.existsSync(commandsFile) ? (JSON.parse(fs.readFileSync(commandsFile, 'utf8')) as RecordedCommand[]) : [];
    },
  };
}
