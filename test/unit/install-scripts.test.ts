/**
 * Every dependency with an install script is named in package.json's `allowScripts`, so `npm ci`
 * neither warns about an unreviewed script nor, where npm enforces the list, skips one the project needs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean }>;
};

/** The package name of a lock entry's location (`node_modules/a/node_modules/@b/c` is `@b/c`). */
const nameOf = (location: string): string => location.replace(/^.*node_modules\//, '');

describe('install scripts', () => {
  it('are each allowed or denied by name in package.json', () => {
    // Prepare
    const withScripts = Object.entries(lock.packages)
      .filter(([location, entry]) => location !== '' && entry.hasInstallScript === true)
      .map(([location]) => nameOf(location));

    // Assess
    expect(withScripts.length).toBeGreaterThan(0);
    expect(withScripts.filter((name) => pkg.allowScripts?.[name] === undefined)).toEqual([]);
  });

  it('run for the packages whose binaries the project starts', () => {
    expect(pkg.allowScripts).toMatchObject({ '@ffmpeg-installer/linux-x64': true, esbuild: true, 'classic-level': true });
  });
});
