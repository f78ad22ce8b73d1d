/**
 * `npm test`: every tier of jest, with the type-check and the lint beside it rather than before it.
 * tsc and ESLint each use one core; run first, they kept the second core idle for most
 * of their time. Their output is held and printed after jest's, with a line per check, and the
 * exit status is the first failure's, so a failed check is never hidden by passing tests.
 *
 * Arguments are passed to jest (`npm test -- test/unit`).
 */
const { spawn } = require('node:child_process');

const CHECKS = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
];

function run(command, args, options) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { ...options, shell: process.platform === 'win32' });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n`, seconds: 0 }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 }));
  });
}

async function checks() {
  const results = [];
  for (const [name, command, args] of CHECKS) results.push({ name, ...(await run(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })) });
  return results;
}

async function main() {
  const jestBin = require.resolve('jest/bin/jest');
  const [tests, checked] = await Promise.all([run(process.execPath, [jestBin, ...process.argv.slice(2)], { stdio: 'inherit' }), checks()]);
  process.stderr.write('\n');
  for (const check of checked) {
    if (check.code !== 0) process.stderr.write(`${check.output.trimEnd()}\n`);
    process.stderr.write(`${check.name}: ${check.code === 0 ? 'passed' : `FAILED (exit ${check.code})`} in ${check.seconds.toFixed(1)} s\n`);
  }
  process.stderr.write(`jest: ${tests.code === 0 ? 'passed' : `FAILED (exit ${tests.code})`} in ${tests.seconds.toFixed(1)} s\n`);
  process.exitCode = [tests, ...checked].find((result) => result.code !== 0)?.code ?? 0;
}

main();
