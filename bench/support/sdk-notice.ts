// The SDK's notice that a future version will need Node 22 is not about what the bench measures
// (cli/bin/vod.js turns it off the same way). Imported first, before any SDK module loads.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
