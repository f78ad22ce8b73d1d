/**
 * The player page: one <video>, played by hls.js (HLS), dash.js (DASH) or the browser itself (MP4),
 * with what a test reads exposed as `window.vodPlayback()`: currentTime, duration, and the players'
 * errors; and, for posters and thumbnails, `window.vodShowImage(url)` and `window.vodLoadTrack(url)`.
 * The media is fetched cross-origin with CORS (`crossorigin="anonymous"`), as a player on
 * another site than the media would.
 */
export type PlayerKind = 'hls' | 'dash' | 'mp4';

export interface PlayerError {
  /** hls.js, dash.js or video (the media element's own error). */
  source: string;
  message: string;
}

export interface PlaybackState {
  kind?: PlayerKind;
  url?: string;
  currentTime: number;
  /** NaN until the metadata is known. */
  duration: number;
  readyState: number;
  /** The decoded picture's size as displayed (0 until the metadata is known). */
  videoWidth: number;
  videoHeight: number;
  paused: boolean;
  ended: boolean;
  /** Errors that stop playback. */
  errors: PlayerError[];
  /** Errors the players recover from (a stall, a retried request). */
  warnings: PlayerError[];
}

/** Paths the player server serves the libraries at. */
export const LIBRARY_PATHS = { hls: '/lib/hls.js', dash: '/lib/dash.js' } as const;

/** The rate the page plays at. */
export const PLAYBACK_RATE = 2;

// Runs in the browser: plain ES2017, no imports.
const SCRIPT = String.raw`
const PLAYBACK_RATE = ${PLAYBACK_RATE};
(() => {
  const video = document.getElementById('video');
  const status = document.getElementById('status');
  const errors = [];
  const warnings = [];
  let kind;
  let url;
  const text = (value) => {
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    if (value.message) return value.message;
    try { return JSON.stringify(value); } catch (e) { return String(value); }
  };
  const record = (list, source, message) => {
    list.push({ source, message });
    status.textContent = source + ': ' + message;
  };
  video.addEventListener('error', () => {
    const error = video.error;
    record(errors, 'video', error ? 'MediaError ' + error.code + (error.message ? ': ' + error.message : '') : 'unknown media error');
  });
  video.addEventListener('timeupdate', () => {
    status.textContent = kind + ' ' + video.currentTime.toFixed(2) + ' / ' + video.duration.toFixed(2) + ' s';
  });
  const play = () => video.play().catch((error) => record(warnings, 'video', 'play() refused: ' + text(error)));

  window.vodPlayback = () => ({
    kind, url,
    currentTime: video.currentTime,
    duration: video.duration,
    readyState: video.readyState,
    videoWidth: video.videoWidth,
    videoHeight: video.videoHeight,
    paused: video.paused,
    ended: video.ended,
    errors: errors.slice(),
    warnings: warnings.slice(),
  });

  // Resolves, never rejects: a rejected promise would reach the test without the reason.
  const settle = (timeoutMs, start) => new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: 'nothing within ' + timeoutMs / 1000 + ' s' }), timeoutMs);
    start((value) => { clearTimeout(timer); resolve(value); });
  });

  window.vodShowImage = (imageUrl, timeoutMs) => settle(timeoutMs, (done) => {
    const image = document.createElement('img');
    image.crossOrigin = 'anonymous';
    image.id = 'image';
    image.onload = () => done({ naturalWidth: image.naturalWidth, naturalHeight: image.naturalHeight });
    image.onerror = () => done({ error: 'the image did not load (an HTTP error, no CORS, or not an image)' });
    video.replaceWith(image);
    status.textContent = 'image ' + imageUrl;
    image.src = imageUrl;
  });

  window.vodLoadTrack = (trackUrl, timeoutMs) => settle(timeoutMs, (done) => {
    const element = document.createElement('track');
    element.kind = 'metadata';
    element.addEventListener('load', () => done({
      cues: Array.from(element.track.cues || []).map((cue) => ({ startTime: cue.startTime, endTime: cue.endTime, text: cue.text })),
    }));
    element.addEventListener('error', () => done({ error: 'the track did not load (an HTTP error, no CORS, or not WebVTT)' }));
    element.src = trackUrl;
    video.appendChild(element);
    // A disabled track is never fetched.
    element.track.mode = 'hidden';
  });

  window.vodPlay = (mediaUrl, playerKind) => {
    kind = playerKind;
    url = mediaUrl;
    // Twice real time: every segment is still fetched, decoded and shown, in half the wait.
    video.defaultPlaybackRate = PLAYBACK_RATE;
    video.playbackRate = PLAYBACK_RATE;
    if (playerKind === 'hls') {
      if (!window.Hls || !Hls.isSupported()) return record(errors, 'hls.js', 'hls.js cannot play here (no Media Source Extensions)');
      const hls = new Hls();
      hls.on(Hls.Events.ERROR, (_event, data) => {
        const http = data.response && data.response.code ? ' (HTTP ' + data.response.code + ')' : '';
        const message = data.type + '/' + data.details + http + (data.error ? ': ' + text(data.error) : '') + (data.url ? ' at ' + data.url : '');
        record(data.fatal ? errors : warnings, 'hls.js', message);
      });
      hls.on(Hls.Events.MANIFEST_PARSED, play);
      hls.loadSource(mediaUrl);
      hls.attachMedia(video);
    } else if (playerKind === 'dash') {
      if (!window.dashjs) return record(errors, 'dash.js', 'dash.js did not load');
      const player = dashjs.MediaPlayer().create();
      player.on(dashjs.MediaPlayer.events.ERROR, (event) => record(errors, 'dash.js', text(event.error)));
      player.on(dashjs.MediaPlayer.events.PLAYBACK_ERROR, (event) => record(errors, 'dash.js', 'playback: ' + text(event.error)));
      player.initialize(video, mediaUrl, true);
    } else if (playerKind === 'mp4') {
      video.src = mediaUrl;
      play();
    } else {
      record(errors, 'page', 'unknown player kind ' + playerKind);
    }
  };
})();
`;

export function playerPage(): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>vod-pipeline player</title>
<style>
  body { margin: 0; background: #111; color: #ddd; font: 14px/1.4 sans-serif; }
  video, img { display: block; width: 640px; height: 360px; background: #000; object-fit: contain; }
  #status { padding: 6px 10px; }
</style>
</head>
<body>
<video id="video" muted playsinline crossorigin="anonymous"></video>
<div id="status">idle</div>
<script src="${LIBRARY_PATHS.hls}"></script>
<script src="${LIBRARY_PATHS.dash}"></script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
