/** How the cost row counts billed state transitions and DynamoDB request units. */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { dynamoUnits, transitionsOf } from '../../../bench/rows/cost';
import type { DynamoRequest } from '../../../bench/support/usage-meter';

const events = (...types: string[]) => types.map((type, index) => ({ type, id: index + 1, timestamp: new Date() }) as HistoryEvent);

describe('transitionsOf', () => {
  it('counts every state entered and every retry of a task', () => {
    // Prepare: Register retried once, then Probe, a Choice and a Succeed state
    const history = events(
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskFailed',
      'TaskScheduled',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    );

    // Act
    const transitions = transitionsOf(history);

    // Assess
    expect(transitions).toBe(5);
  });
});

describe('dynamoUnits', () => {
  const request = (command: string, table: string, extra: Partial<DynamoRequest> = {}): DynamoRequest => ({
    command,
    table,
    items: 1,
    consistent: false,
    transactional: false,
    ...extra,
  });

  it('sizes asset-table items by the record, per 1 KB written and 4 KB read, half for eventually consistent reads', () => {
    // Prepare: a 1.5 KB record
    const requests = [
      request('Update', 'assets'),
      request('PutItem', 'tokens'),
      request('Get', 'assets', { consistent: true }),
      request('GetItem', 'tokens'),
      request('TransactWrite', 'assets', { items: 2, transactional: true }),
    ];

    // Act
    const units = dynamoUnits(requests, 'assets', 1536);

    // Assess: writes 2 + 1 + 2×2×2; reads 1 + 0.5
    expect(units).toEqual({ writeUnits: 11, readUnits: 1.5 });
  });
});
