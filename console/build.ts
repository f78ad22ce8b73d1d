/**
 * Bundles the console's pages with esbuild: console/web/main.ts and everything it imports (lit,
 * hls.js, dash.js, Chart.js, dagre) into console/dist/, served from the package at run time (no
 * CDN). Runs as the package's `prepare` script (so `npm ci` builds it) and on the console's first
 * start when the bundle is missing. `tsx console/build.ts` builds it by hand.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';

export const WEB_DIR = path.join(__dirname, 'web');
export const BUNDLE_DIR = path.join(__dirname, 'dist');
/** The files the page loads, in BUNDLE_DIR. */
export const BUNDLE_FILES = { script: 'console.js', style: 'console.css' } as const;

export interface BuildOptions {
  outDir?: string;
  /** Extra esbuild plugins (a test resolving a module differently). */
  plugins?: Esbuild.Plugin[];
}

export async function buildConsole(options: BuildOptions = {}): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild is loaded only to build
  const esbuild = require('esbuild') as typeof Esbuild;
  const outDir = options.outDir ?? BUNDLE_DIR;
  // Built beside, then renamed: a console starting meanwhile never serves half a bundle.
  const staging = `${outDir}.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: { console: path.join(WEB_DIR, 'main.ts') },
    bundle: true,
    format: 'esm',
    // The asset and execution pages are chunks of their own, loaded on first visit.
    splitting: true,
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: false,
    legalComments: 'external',
    outdir: staging,
    tsconfig: path.join(WEB_DIR, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    plugins: options.plugins ?? [],
  });
  fs.copyFileSync(path.join(WEB_DIR, BUNDLE_FILES.style), path.join(staging, BUNDLE_FILES.style));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(staging, outDir);
  return outDir;
}

/** Builds the bundle unless it is there. */
export async function ensureBundle(outDir = BUNDLE_DIR): Promise<string> {
  if (Object.values(BUNDLE_FILES).every((file) => fs.existsSync(path.join(outDir, file)))) return outDir;
  return buildConsole({ outDir });
}

if (require.main === module) {
  buildConsole().then(
    (dir) => process.stdout.write(`console bundled in ${path.relative(process.cwd(), dir) || dir}\n`),
    (error: unknown) => {
      process.stderr.write(`console build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
