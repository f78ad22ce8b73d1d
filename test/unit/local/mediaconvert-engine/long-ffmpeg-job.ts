/**
 * A process that runs one long ffmpeg job through the runner and waits: the ffmpeg runner test
 * SIGKILLs it. Run with `node --import tsx`.
 */
import { FfmpegRunner } from '../../../../local/mediaconvert/engine';

const runner = new FfmpegRunner({ concurrency: 1 });
// Real time (-re) keeps it idle: ten minutes of a tiny test picture to nowhere.
void runner.run(['-re', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=5', '-t', '600', '-f', 'null', '-'], { onProgress: () => undefined }).then(
  () => process.stdout.write('ffmpeg ended\n'),
  (error: unknown) => process.stdout.write(`ffmpeg failed: ${String(error)}\n`),
);
process.stdout.write('running\n');
