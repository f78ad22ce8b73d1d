/**
 * `vod`: one command for operating the pipeline, on AWS (--aws) and on the local cloud.
 * Exit codes: 0 success (an asset COMPLETE), 1 failure (FAILED or REJECTED, or an error), 2 usage.
 */
import { UsageError } from './args';
import { commandHelp } from './help';
import type * as LocalModule from './commands/local';
import type * as IngestModule from './commands/ingest';
import type * as IvsEndModule from './commands/ivs-end';
import type * as EventsModule from './commands/events';
import type * as AssetsModule from './commands/assets';
import type * as PlayModule from './commands/play';
import type * as ExecutionsModule from './commands/executions';
import type * as RedriveModule from './commands/redrive';
import type * as DemoModule from './commands/demo';
import type * as ConsoleModule from './commands/console';

export const USAGE = `usage: vod <command> [options]

  local up [--port 4566] [--jobs N]            serve the local cloud until interrupted
  local info [--json]                          endpoint, buckets, assets, table, state machine
  ingest <file> [--key KEY] [--manifest M.vod.json] [--wait]
                                               upload to the ingest bucket (starts the pipeline),
                                               with a job manifest's settings
  ivs-end <hls-folder> [--channel-arn ARN] [--wait]
                                               upload a recording as IVS does and signal its end
  events put <event.json>                      put an event on the bus; names the rules it matches
  events tail [--since ISO]                    print the local bus's events as they arrive
  assets get <assetId>                         one asset record
  assets list [--status S] [--since ISO]       asset records, newest first, with their estimated cost
  play <assetId> [--private-key FILE]          the URLs a player opens (HLS, DASH, proxy, poster,
                                               thumbnails); with --aws and the key, signed URLs
  executions list [--status S]                 executions of the pipeline
  executions show <executionArn|assetId>       an execution's states, errors and causes
  redrive <executionArn|assetId> [--wait]      resume a failed execution at the state that failed
  demo                                         run all three branches on sample media
  console [--port 4567] [--no-open]            serve the web console on 127.0.0.1 and open it

Every command takes --data-dir DIR (default .vod-local) and works against, in this order:
--aws (the deployed stack; --stack NAME, default VodPipelineStack), --endpoint URL, a local cloud
running on the default port, serving the data directory or started by vod local up on another port,
or else a local cloud started for the duration of the command (which says so). -c key=value sets a
pipeline setting, over cdk.json's context, of a local cloud the command starts.
--json prints machine-readable output on stdout. vod <command> --help tells more of one command.`;

type Command = (args: string[]) => Promise<number>;

/** Each command's module is loaded when it runs: `vod --help` loads no SDK and no local cloud. */
/* eslint-disable @typescript-eslint/no-require-imports -- a require per command keeps the others unloaded */
const COMMANDS: Record<string, () => Promise<Command>> = {
  local: async () => (require('./commands/local') as typeof LocalModule).local,
  ingest: async () => (require('./commands/ingest') as typeof IngestModule).ingest,
  'ivs-end': async () => (require('./commands/ivs-end') as typeof IvsEndModule).ivsEnd,
  events: async () => (require('./commands/events') as typeof EventsModule).events,
  assets: async () => (require('./commands/assets') as typeof AssetsModule).assets,
  play: async () => (require('./commands/play') as typeof PlayModule).play,
  executions: async () => (require('./commands/executions') as typeof ExecutionsModule).executions,
  redrive: async () => (require('./commands/redrive') as typeof RedriveModule).redrive,
  demo: async () => (require('./commands/demo') as typeof DemoModule).demo,
  console: async () => (require('./commands/console') as typeof ConsoleModule).consoleCommand,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export const RUNNABLE_COMMANDS = Object.keys(COMMANDS);

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'help' && args[0] && commandHelp(args[0])) {
    process.stdout.write(`${commandHelp(args[0])}\n`);
    return 0;
  }
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const load = COMMANDS[command];
  try {
    if (!load) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(`${commandHelp(command) ?? USAGE}\n`);
      return 0;
    }
    return await (await load())(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`vod: ${error.message}\n${error.message.includes('usage:') ? '' : `${USAGE}\n`}`);
      return 2;
    }
    process.stderr.write(`vod: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
