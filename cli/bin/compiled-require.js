'use strict';
/**
 * Lets Node.js require the project's TypeScript files, compiled once: each file is transpiled with
 * esbuild (as tsx would) into a cache under node_modules/.cache/vod-ts, keyed by its path, size and
 * modification time, and later starts load the JavaScript from there. Loading tsx's own loader at
 * every start cost more than the command that followed it. Falls back to tsx when esbuild cannot be
 * loaded.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'vod-ts');
/** Changes whenever the compile options below do, so older entries are not reused. */
const VERSION = '1';

let esbuild;
function transform(source, filename) {
  esbuild ??= require('esbuild');
  return esbuild.transformSync(source, {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcefile: filename,
    sourcemap: 'inline',
  }).code;
}

function cachedCompile(filename) {
  const stat = fs.statSync(filename);
  const key = crypto.createHash('sha1').update(`${VERSION}\0${filename}\0${stat.size}\0${stat.mtimeMs}`).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const code = transform(fs.readFileSync(filename, 'utf8'), filename);
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      // Written aside and renamed: a concurrent start never reads half a file.
      const temporary = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, cached);
    } catch {
      // A read-only install still runs, compiling at every start.
    }
    return code;
  }
}

function register() {
  try {
    require.resolve('esbuild');
  } catch {
    require('tsx/cjs');
    return;
  }
  require.extensions['.ts'] = (module, filename) => {
    module._compile(cachedCompile(filename), filename);
  };
}

module.exports = { register };
