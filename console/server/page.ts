/**
 * The console's one HTML page (the pages route by the URL's fragment) with the per-start token in
 * a meta tag, and its content security policy: scripts and styles from the console only, media
 * from the target's playback origin.
 */
const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function pageHtml(token: string, scriptFile: string, styleFile: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="vod-console-token" content="${escapeAttribute(token)}">
<title>vod console</title>
<link rel="stylesheet" href="static/${styleFile}">
</head>
<body>
<vod-console></vod-console>
<script type="module" src="static/${scriptFile}"></script>
</body>
</html>
`;
}

/** Media and manifests come from the playback origin (the local endpoint, or CloudFront). */
export function contentSecurityPolicy(playbackOrigin: string | undefined): string {
  const media = playbackOrigin ? ` ${playbackOrigin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Chart.js and the players set style attributes.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${media}`,
    `media-src 'self' blob:${media}`,
    `connect-src 'self'${media}`,
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
