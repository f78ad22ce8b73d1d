#!/usr/bin/env node
'use strict';
// The local S3 (s3rver) signs list continuation tokens with a cipher that OpenSSL 3 keeps in its
// legacy provider: run the command with it enabled.
const flag = '--openssl-legacy-provider';
if (!process.execArgv.includes(flag) && !(process.env.NODE_OPTIONS || '').includes(flag)) {
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [flag, ...process.execArgv, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C and a closed terminal signal the whole process group: the child has them already and
  // stops the local cloud cleanly. A SIGTERM (kill, a process manager) names this process only.
  process.on('SIGINT', () => {});
  process.on('SIGHUP', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code) => process.exit(code === null ? 1 : code));
  return;
}
// The SDK's notice that a future version will need Node 22 is not about anything vod does.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
require('../main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
