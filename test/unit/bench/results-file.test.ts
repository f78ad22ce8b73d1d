/** bench/results/<date>.json across runs of the same day: `--only` replaces its rows and keeps the others. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResultRow } from '../../../bench/support/result';
import { writeResults } from '../../../bench/support/table';

const row = (name: string, subject: string, measured: string): ResultRow =>
  ({ row: name, subject, size: '-', measured, against: '-', goal: '-' }) as ResultRow;
const machine = { cores: 2 };

describe('the bench results file', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-bench-results-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('keeps the rows a later --only run of the same day did not measure, in their order, with when they were measured', () => {
    // Prepare: a full run in the morning
    const morning = new Date('2026-12-03T08:00:00Z');
    const noon = new Date('2026-12-03T12:00:00Z');
    writeResults(
      [row('probe', 'mp4', '1 GET'), row('cli', 'help', '130 ms'), row('cli', 'list', '519 ms'), row('cost', 'asset', '$0.0001')],
      {
        quick: false,
        machine,
        rowSeconds: { probe: 10, cli: 5, cost: 1 },
      },
      morning,
      folder,
    );

    // Act: only the cli row again at noon
    const file = writeResults(
      [row('cli', 'help', '85 ms'), row('cli', 'list', '197 ms')],
      { quick: false, machine, rowSeconds: { cli: 4 } },
      noon,
      folder,
    );

    // Assess
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(path.basename(file)).toBe('2026-12-03.json');
    expect(written.rows.map((r: ResultRow) => `${r.row} ${r.subject} ${r.measured}`)).toEqual([
      'probe mp4 1 GET',
      'cli help 85 ms',
      'cli list 197 ms',
      'cost asset $0.0001',
    ]);
    expect(written.rowsAt).toEqual({ probe: morning.toISOString(), cli: noon.toISOString(), cost: morning.toISOString() });
    expect(written.rowSeconds).toEqual({ probe: 10, cli: 4, cost: 1 });
  });

  it('writes quick sizes to their own file, leaving the full run of the day whole', () => {
    // Prepare
    const at = new Date('2026-12-03T08:00:00Z');
    const full = writeResults([row('probe', 'mp4', 'full')], { quick: false, machine, rowSeconds: { probe: 10 } }, at, folder);

    // Act
    const quick = writeResults([row('probe', 'mp4', 'quick')], { quick: true, machine, rowSeconds: { probe: 1 } }, at, folder);

    // Assess
    expect(path.basename(quick)).toBe('2026-12-03-quick.json');
    expect(JSON.parse(fs.readFileSync(quick, 'utf8')).rows.map((r: ResultRow) => r.measured)).toEqual(['quick']);
    expect(JSON.parse(fs.readFileSync(full, 'utf8')).rows.map((r: ResultRow) => r.measured)).toEqual(['full']);
  });
});
