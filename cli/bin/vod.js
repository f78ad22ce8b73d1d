#!/usr/bin/env node
'use strict';
// The local S3 (s3rver) signs list continuation tokens with a cipher that OpenSSL 3 keeps in its
// legacy provider: run the command with it enabled.
const flag = '--openssl-legacy-provider';
if (!process.execArgv.includes(flag) && !(process.env.NODE_OPTIONS || '').includes(flag)) {
  const { spawnSync } = require('node:child_process');
  // The child handles Ctrl-C (it stops the local cloud cleanly); the parent only waits for it.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  const child = spawnSync(process.execPath, [flag, ...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(child.status === null ? 1 : child.status);
}
// The SDK's notice that a future version will need Node 22 is not about anything vod does.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('../main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
