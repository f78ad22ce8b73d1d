/**
 * The callback pool: the `.waitForTaskToken` tasks waiting for SendTaskSuccess, SendTaskFailure and
 * SendTaskHeartbeat, by task token. A token answers while its task waits; the errors for one that
 * does not follow AWS (see task-token.ts).
 */
import { ServiceError } from '../protocol/json-rpc';
import { tokenExecution } from './task-token';
import type { Callback } from './types';

export class CallbackPool {
  private readonly callbacks = new Map<string, Callback>();

  add(callback: Callback): void {
    this.callbacks.set(callback.token, callback);
  }

  get(token: string): Callback | undefined {
    return this.callbacks.get(token);
  }

  /** The token no longer answers. */
  delete(token: string): void {
    this.callbacks.delete(token);
  }

  clear(): void {
    this.callbacks.clear();
  }

  /** The waiting callback of a token; InvalidToken, TaskDoesNotExist or TaskTimedOut as AWS answers otherwise. */
  open(token: unknown, executionExists: (executionArn: string) => boolean): Callback {
    const callback = typeof token === 'string' ? this.callbacks.get(token) : undefined;
    if (callback) return callback;
    const arn = tokenExecution(token);
    if (arn === undefined) {
      throw new ServiceError('InvalidToken', `Invalid Token: '${String(token).slice(0, 80)}' is not a task token of this local cloud`);
    }
    if (!executionExists(arn)) throw new ServiceError('TaskDoesNotExist', `Task Does Not Exist: the execution of this token (${arn}) does not exist`);
    throw new ServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
  }
}
