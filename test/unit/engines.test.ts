/**
 * The Node versions the project says it supports (package.json's engines, the README) and the Node that
 * runs these tests agree; the dependencies that declare a newer Node are the ones the README names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }>;
};

/** The lowest Node the project supports, from package.json. */
const lowest = semver.minVersion(pkg.engines.node)!;

describe('supported Node versions', () => {
  it('are stated alike in package.json and the README', () => {
    const stated = `${lowest.major}.${lowest.minor}`;
    expect(readme).toContain(`Node.js ${stated} or later`);
    expect(readme.match(/Node\.js \d+\.\d+ or later/g)?.every((line) => line === `Node.js ${stated} or later`)).toBe(true);
  });

  it('include the Node running these tests', () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it('leave out, among the dependencies, only the ones the README names as declaring a newer Node', () => {
    // Prepare
    const declaringNewer = Object.entries(lock.packages)
      .filter(([location, entry]) => {
        const node = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
        return location !== '' && node !== undefined && !semver.satisfies(lowest, node);
      })
      .map(([location]) => location.replace(/^.*node_modules\//, ''));

    // Assess
    expect(new Set(declaringNewer)).toEqual(new Set(['aws-local-stepfunctions', '@sparticuz/chromium', 'puppeteer-core', '@puppeteer/browsers']));
    for (const name of declaringNewer) expect(readme).toContain(`\`${name}\``);
  });
});
