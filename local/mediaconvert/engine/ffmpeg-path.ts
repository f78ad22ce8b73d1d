/**
 * Which ffmpeg the engine runs: the build shipped in the @ffmpeg-installer/ffmpeg package (a 2018
 * static build with libx264, aac, ebur128, overlay, concat, the dash muxer and the hls demuxer),
 * unless VOD_FFMPEG_PATH names another build.
 */
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';

export const FFMPEG_PATH_ENV = 'VOD_FFMPEG_PATH';

type Env = Record<string, string | undefined>;

export function ffmpegPath(env: Env = process.env): string {
  const override = env[FFMPEG_PATH_ENV];
  return override !== undefined && override !== '' ? override : ffmpegInstaller.path;
}
