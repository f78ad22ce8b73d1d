/**
 * A local cloud in a process of its own, for the rows that measure its memory: prints one JSON line
 * (endpoint, key pair, names), records the ffmpeg commands its jobs run, and on SIGTERM writes them
 * to the file named by its second argument and stops.
 *
 *   node --require tsx/cjs bench/support/cloud-process.ts <data dir> <commands.json>
 */
import * as fs from 'node:fs';
import { startLocalCloud } from '../../local/cloud';
import { recordFfmpeg } from './ffmpeg-work';

async function main(): Promise<void> {
  const [dataDir, commandsFile] = process.argv.slice(2);
  const recording = recordFfmpeg();
  const cloud = await startLocalCloud({ port: 0, dataDir, log: (line) => process.stderr.write(`${line}\n`), functionLogLevel: 'WARN' });
  process.stdout.write(
    `${JSON.stringify({ endpoint: cloud.endpoint, credentials: cloud.credentials, names: cloud.names, settings: cloud.settings })}\n`,
  );
  process.once('SIGTERM', () => {
    fs.writeFileSync(commandsFile, JSON.stringify(recording.commands));
    void cloud.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
