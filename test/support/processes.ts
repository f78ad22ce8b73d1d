/** The process table, for tests of what a process leaves running (ps, on Linux and macOS alike). */
import { execFileSync } from 'node:child_process';

interface ProcessRow {
  pid: number;
  ppid: number;
  command: string;
}

function processTable(): ProcessRow[] {
  return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), command: match[3].trim() }));
}

/** Pids of the descendants of `ancestor` whose command's file name is `name`. */
export function descendantsNamed(ancestor: number, name: string): number[] {
  const table = processTable();
  const parentOf = new Map(table.map((row) => [row.pid, row.ppid]));
  const descends = (pid: number): boolean => {
    for (let parent = parentOf.get(pid); parent !== undefined && parent > 1; parent = parentOf.get(parent)) {
      if (parent === ancestor) return true;
    }
    return false;
  };
  return table.filter((row) => row.command.split('/').pop() === name && descends(row.pid)).map((row) => row.pid);
}

/** Whether a process with this pid exists (a zombie counts until its parent reaps it). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
