#!/usr/bin/env node
'use strict';
// The SDK's notice that a future version will need Node 22 is not about anything vod does.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The project's TypeScript, compiled once into a cache (compiled-require.js).
require('./compiled-require').register();
require('../main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
