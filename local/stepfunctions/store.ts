/**
 * Durable state of the local Step Functions under `<dataDir>/stepfunctions/`:
 *   state-machines/<name>.json                       one file per state machine
 *   definitions/<sha256>.json                        the definitions executions run, by content
 *   executions/<state machine>/<execution>.json      the execution record, replaced atomically (with the
 *                                                    task in flight, so a restart resumes it)
 *   executions/<state machine>/<execution>.history.jsonl   its history, one event per line, appended
 * A line torn by a crash at the end of a history file is ignored when read back.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonFiles, writeJsonFile } from '../json-files';
import type { ExecutionStatus, HistoryEvent } from '@aws-sdk/client-sfn';

export interface StateMachineRecord {
  name: string;
  stateMachineArn: string;
  definition: string;
  roleArn: string;
  creationDate: string;
  updateDate?: string;
  revisionId?: string;
  /** Tags given at CreateStateMachine and TagResource, by key. */
  tags?: Record<string, string>;
}

/**
 * The top-level Task attempt an execution is in, kept so the next start resumes it: a callback
 * whose invoke returned waits again on the same token with the same deadlines; any other attempt
 * runs again from its state (with the same token, so idempotent submitters submit once).
 */
export interface TaskInFlight {
  state: string;
  /** The attempt's task token (callback tasks, or Parameters that read $$.Task.Token). */
  token?: string;
  /** TaskSubmitted was recorded: the task waits for SendTaskSuccess / SendTaskFailure. */
  submitted: boolean;
  /** Absolute deadlines, epoch milliseconds. */
  timeoutAt?: number;
  heartbeatAt?: number;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate?: string;
  redriveCount: number;
  redriveDate?: string;
  /** The client token of the last RedriveExecution, so a retried call is idempotent. */
  redriveClientToken?: string;
  roleArn: string;
  /** The definition the execution runs (see saveDefinition); an update of the state machine does not change it. */
  definitionId: string;
  /** When the state machine's TimeoutSeconds ends this run, epoch milliseconds. */
  timeoutAt?: number;
  /** The task attempt in flight while RUNNING. */
  task?: TaskInFlight;
}

const encode = (name: string) => encodeURIComponent(name);

export class StepFunctionsStore {
  private readonly machinesDir: string;
  private readonly definitionsDir: string;
  private readonly executionsDir: string;
  private readonly definitions = new Map<string, string>();
  private readonly openHistories = new Map<string, number>();

  constructor(dataDir: string) {
    const root = path.join(dataDir, 'stepfunctions');
    this.machinesDir = path.join(root, 'state-machines');
    this.definitionsDir = path.join(root, 'definitions');
    this.executionsDir = path.join(root, 'executions');
  }

  init(): void {
    for (const directory of [this.machinesDir, this.definitionsDir, this.executionsDir]) fs.mkdirSync(directory, { recursive: true });
  }

  /** Stores a definition once; returns its id (the SHA-256 of its text). */
  saveDefinition(text: string): string {
    const id = createHash('sha256').update(text).digest('hex');
    if (!this.definitions.has(id)) {
      const file = path.join(this.definitionsDir, `${id}.json`);
      if (!fs.existsSync(file)) writeJsonFile(file, text);
      this.definitions.set(id, text);
    }
    return id;
  }

  loadDefinition(id: string): string {
    let text = this.definitions.get(id);
    if (text === undefined) {
      text = JSON.parse(fs.readFileSync(path.join(this.definitionsDir, `${id}.json`), 'utf8')) as string;
      this.definitions.set(id, text);
    }
    return text;
  }

  loadStateMachines(): StateMachineRecord[] {
    return readJsonFiles<StateMachineRecord>(this.machinesDir);
  }

  saveStateMachine(record: StateMachineRecord): void {
    writeJsonFile(path.join(this.machinesDir, `${encode(record.name)}.json`), record);
  }

  loadExecutions(): ExecutionRecord[] {
    return fs
      .readdirSync(this.executionsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => readJsonFiles<ExecutionRecord>(path.join(this.executionsDir, entry.name)));
  }

  saveExecution(record: ExecutionRecord): void {
    const directory = path.join(this.executionsDir, encode(record.stateMachineName));
    fs.mkdirSync(directory, { recursive: true });
    writeJsonFile(path.join(directory, `${encode(record.name)}.json`), record);
  }

  readHistory(record: ExecutionRecord): HistoryEvent[] {
    let text: string;
    try {
      text = fs.readFileSync(this.historyPath(record), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const events: HistoryEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const event = JSON.parse(line) as HistoryEvent & { timestamp: string };
        events.push({ ...event, timestamp: new Date(event.timestamp) });
      } catch {
        // A torn last line from a crash: the event was never acknowledged.
      }
    }
    return events;
  }

  /** Appends with one write per event (no buffering), through a descriptor kept open while the execution runs. */
  appendHistory(record: ExecutionRecord, event: HistoryEvent): void {
    const file = this.historyPath(record);
    let descriptor = this.openHistories.get(file);
    if (descriptor === undefined) {
      descriptor = fs.openSync(file, 'a');
      this.openHistories.set(file, descriptor);
    }
    fs.writeSync(descriptor, `${JSON.stringify(event)}\n`);
  }

  /** Closes the history of an execution that stopped running. */
  closeHistory(record: ExecutionRecord): void {
    const file = this.historyPath(record);
    const descriptor = this.openHistories.get(file);
    if (descriptor === undefined) return;
    this.openHistories.delete(file);
    fs.closeSync(descriptor);
  }

  close(): void {
    for (const descriptor of this.openHistories.values()) fs.closeSync(descriptor);
    this.openHistories.clear();
  }

  private historyPath(record: ExecutionRecord): string {
    return path.join(this.executionsDir, encode(record.stateMachineName), `${encode(record.name)}.history.jsonl`);
  }
}
