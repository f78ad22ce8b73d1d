import { Progress, progressBar } from '../../../cli/output';

function sink(isTTY: boolean): { isTTY: boolean; written: string[]; write(text: string): boolean } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) > 0 };
}

describe('Progress', () => {
  it('writes one line per step on a pipe, however often the percent changes', () => {
    // Prepare
    const pipe = sink(false);
    const progress = new Progress(true, pipe);

    // Act
    progress.update('a-1: PROBING · Probe');
    for (let percent = 0; percent <= 100; percent += 1) progress.update('a-1: TRANSCODING · SubmitDashJob · MediaConvert', percent);
    progress.update('a-1: ANALYZING · Classify');
    progress.done();

    // Assess
    expect(pipe.written).toEqual(['a-1: PROBING · Probe\n', 'a-1: TRANSCODING · SubmitDashJob · MediaConvert\n', 'a-1: ANALYZING · Classify\n']);
  });

  it('rewrites one line with a bar on a terminal, and ends it with a newline', () => {
    // Prepare
    const terminal = sink(true);
    const progress = new Progress(true, terminal);

    // Act
    progress.update('a-1: TRANSCODING', 0);
    progress.update('a-1: TRANSCODING', 0);
    progress.update('a-1: TRANSCODING', 50);
    progress.done();

    // Assess
    expect(terminal.written).toEqual([`\r\x1b[2Ka-1: TRANSCODING ${progressBar(0)}`, `\r\x1b[2Ka-1: TRANSCODING ${progressBar(50)}`, '\n']);
  });

  it('writes nothing when disabled (--json)', () => {
    const pipe = sink(false);
    const progress = new Progress(false, pipe);
    progress.update('a-1: PROBING', 10);
    progress.done();
    expect(pipe.written).toEqual([]);
  });
});

describe('progressBar', () => {
  it('fills in proportion to the percent, clamped to 0..100', () => {
    expect(progressBar(0)).toBe('[--------------------]   0%');
    expect(progressBar(42)).toBe('[########------------]  42%');
    expect(progressBar(100)).toBe('[####################] 100%');
    expect(progressBar(140)).toBe(progressBar(100));
    expect(progressBar(-3)).toBe(progressBar(0));
  });
});
