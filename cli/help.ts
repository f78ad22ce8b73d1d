/**
 * `vod <command> --help`: each command's usage, what it does, its options and an example. Kept apart
 * from the commands so that help loads no SDK and no local cloud.
 */

const TARGET_OPTIONS = `Where it works (every command):
  --aws [--stack NAME]   the deployed stack (default VodPipelineStack), with your AWS credentials
  --endpoint URL         a local cloud serving at URL
  --data-dir DIR         the local cloud's data directory (default .vod-local)
  Otherwise: the local cloud running on the default port, or the one serving the data directory, or the
  one \`vod local up\` runs on another port; when none runs, a cloud started for the command alone.
  -c key=value           a pipeline setting (over cdk.json's context) of a local cloud the command starts
  --json                 machine-readable output on stdout`;

interface CommandHelp {
  usage: string[];
  summary: string;
  options?: string[];
  examples: string[];
}

const COMMAND_HELP: Record<string, CommandHelp> = {
  local: {
    usage: ['vod local up [--port 4566] [--jobs N] [--data-dir .vod-local]', 'vod local info [--json]'],
    summary:
      'up: serve the local cloud (S3, DynamoDB, Step Functions, EventBridge, MediaConvert, Lambda) on one loopback port until interrupted; waiting executions resume at the next start.\ninfo: the endpoint, the buckets, the bumpers, the table, the state machine and the key pair to sign requests with.',
    options: [
      '--port N   the port to serve on (default 4566; 0 picks a free one)',
      '--jobs N   MediaConvert jobs run at once (default one per core); the others wait SUBMITTED',
    ],
    examples: ['vod local up &', 'vod local info'],
  },
  ingest: {
    usage: ['vod ingest <file> [--key KEY] [--manifest M.vod.json] [--wait] [--json]'],
    summary:
      "Upload a file to the ingest bucket, which starts the pipeline. A key the upload rule would not take is refused before anything is uploaded. With --manifest, the video goes first (to the manifest's source, by default under sources/, where it waits), then the job manifest, which starts the asset with its settings.",
    options: [
      '--key KEY        the object key (default uploads/<file name>; the loudness prefix takes the loudness branch);',
      "                 with --manifest, the manifest's key (ending in .vod.json)",
      '--manifest FILE  a job manifest (job-templates/manifest.schema.json), checked before anything is uploaded',
      '--wait           follow the asset to its final status; exit 0 when COMPLETE, 1 when FAILED or REJECTED',
    ],
    examples: ['vod ingest clip.mp4 --wait', 'vod ingest clip.mp4 --manifest clip.vod.json --wait'],
  },
  'ivs-end': {
    usage: ['vod ivs-end <hls-folder> [--channel-arn ARN] [--wait] [--json]'],
    summary: 'Upload an HLS recording as Amazon IVS does and put its Recording End event on the bus (the stitch branch).',
    options: ['--channel-arn ARN   the channel the recording is from', '--wait              follow the asset to its final status'],
    examples: ['vod ivs-end ./recording --wait'],
  },
  events: {
    usage: ['vod events put <event.json> [--json]', 'vod events tail [--since ISO] [--json]'],
    summary:
      "put: put an event on the bus (to replay a real one, say) and name the pipeline rules it matches.\ntail: print the local bus's events as they arrive (Asset Status Change among them), after those since --since; until interrupted.",
    options: ['--since ISO   replay the events since this time first'],
    examples: ['vod events put recording-end.json', 'vod events tail --since 2026-12-03T10:00:00Z'],
  },
  assets: {
    usage: ['vod assets get <assetId> [--json]', 'vod assets list [--status S] [--since ISO] [--json]'],
    summary: 'get: one asset record. list: asset records, newest first.',
    options: [
      '--status S    REGISTERED, PROBING, TRANSCODING, ANALYZING, COMPLETE, FAILED or REJECTED',
      '--since ISO   only assets updated since this time',
    ],
    examples: ['vod assets list --status FAILED', 'vod assets get <assetId>'],
  },
  play: {
    usage: ['vod play <assetId> [--json] [--aws --private-key FILE [--key-pair-id ID] [--expires-in SECONDS]]'],
    summary: 'The URLs a player opens for an asset: HLS, DASH, the proxy, the poster and the thumbnails track.',
    options: [
      '--private-key FILE     with --aws: sign the URLs with this CloudFront key',
      '--key-pair-id ID       the public key id (default: the stack output)',
      '--expires-in SECONDS   how long signed URLs are valid (default 3600)',
    ],
    examples: ['vod play <assetId>'],
  },
  executions: {
    usage: [
      'vod executions list [--status RUNNING|SUCCEEDED|FAILED|TIMED_OUT|ABORTED|PENDING_REDRIVE] [--json]',
      'vod executions show <executionArn|assetId> [--json]',
    ],
    summary: "list: the pipeline's executions with their asset ids. show: an execution's states, errors and whole causes.",
    examples: ['vod executions list --status FAILED', 'vod executions show <assetId>'],
  },
  redrive: {
    usage: ['vod redrive <executionArn|assetId> [--wait] [--json]'],
    summary: 'Resume a failed execution at the state that failed, once its cause is fixed. The asset keeps its id and its completed work.',
    options: ['--wait   follow the asset to its final status; exit 0 when COMPLETE, 1 when FAILED or REJECTED'],
    examples: ['vod redrive <assetId> --wait'],
  },
  console: {
    usage: ['vod console [--port 4567] [--no-open]'],
    summary:
      'Serve the web console on 127.0.0.1 (assets, an asset with its player and loudness, an execution with its graph and history; upload and redrive) and open it in a browser. vod local up also serves it at <endpoint>/console/.',
    options: ['--port N    the port to serve on (default 4567)', '--no-open   print the URL without opening a browser'],
    examples: ['vod console', 'vod console --aws'],
  },
  demo: {
    usage: ['vod demo [--data-dir .vod-local] [--json]'],
    summary: 'Run all three branches (DASH, loudness, IVS stitch) on generated sample media and check the results.',
    examples: ['vod demo'],
  },
};

export const COMMAND_NAMES = Object.keys(COMMAND_HELP);

/** The help of one command, or undefined when there is no such command. */
export function commandHelp(command: string): string | undefined {
  const help = COMMAND_HELP[command];
  if (!help) return undefined;
  return [
    `usage: ${help.usage.join('\n       ')}`,
    '',
    help.summary,
    ...(help.options ? ['', 'Options:', ...help.options.map((line) => `  ${line}`)] : []),
    '',
    TARGET_OPTIONS,
    '',
    'Example:',
    ...help.examples.map((line) => `  ${line}`),
  ].join('\n');
}
