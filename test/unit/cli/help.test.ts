import { RUNNABLE_COMMANDS, USAGE, main } from '../../../cli/main';
import { COMMAND_NAMES, commandHelp } from '../../../cli/help';

async function run(...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  try {
    return { code: await main(args), stdout };
  } finally {
    write.mockRestore();
  }
}

describe('vod <command> --help', () => {
  it('has help for every command vod runs, and for no other', () => {
    expect([...COMMAND_NAMES].sort()).toEqual([...RUNNABLE_COMMANDS].sort());
  });

  it.each(RUNNABLE_COMMANDS)('prints the help of %s, not the whole usage, and exits 0', async (command) => {
    // Act
    const { code, stdout } = await run(command, '--help');

    // Assess
    expect(code).toBe(0);
    expect(stdout).toBe(`${commandHelp(command)}\n`);
    expect(stdout).toMatch(new RegExp(`^usage: vod ${command}`));
    expect(stdout).toMatch(/Example:\n {2}vod /);
    expect(stdout).not.toBe(`${USAGE}\n`);
  });

  it('answers `vod help <command>` and -h alike', async () => {
    expect((await run('help', 'redrive')).stdout).toBe(`${commandHelp('redrive')}\n`);
    expect((await run('redrive', '-h')).stdout).toBe(`${commandHelp('redrive')}\n`);
  });

  it('prints the whole usage for vod --help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toBe(`${USAGE}\n`);
  });
});
