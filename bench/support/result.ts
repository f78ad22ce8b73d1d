/** What a row reports: one line of the table, and its numbers for the JSON file. */

export interface BenchOptions {
  /** Smaller sources and fewer runs, for a check that the bench works. */
  quick: boolean;
  /** A work folder for generated media, removed at the end. */
  folder: string;
}

export interface ResultRow {
  /** The row's name (`probe`, `pipeline`, ...). */
  row: string;
  /** What was measured in this line (a source, a command, a branch). */
  subject: string;
  /** The input's size, as printed. */
  size: string;
  /** The project's side of the ratio. */
  measured: string;
  /** What it is set against, measured in the same run. */
  against: string;
  /** measured / against, as the goal states it; undefined when the other side could not be measured. */
  ratio?: number;
  goal: string;
  /** undefined: no goal, or nothing to judge. */
  pass?: boolean;
  /** The raw numbers behind the cells. */
  values: Record<string, unknown>;
}

export interface Row {
  name: string;
  /** One line: what the row measures. */
  description: string;
  run(options: BenchOptions): Promise<ResultRow[]>;
}
