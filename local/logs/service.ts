/**
 * The local CloudWatch Logs: the log groups and streams the local Lambda writes (store.ts), read
 * as FilterLogEvents, DescribeLogGroups and DescribeLogStreams answer. Filter patterns: see
 * filter-pattern.ts.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../protocol/aws-error';
import type { PageBounds, PageRequest } from '../protocol/pager';
import { listPage } from '../protocol/pager';
import { compileFilterPattern } from './filter-pattern';
import type { LogStore, StoredStream } from './store';

/** FilterLogEvents' limit: 1 to 10,000, 10,000 by default. */
const EVENT_BOUNDS: PageBounds = { defaultSize: 10_000, max: 10_000, errorCode: 'InvalidParameterException' };
/** DescribeLogGroups' and DescribeLogStreams' limit: 1 to 50, 50 by default. */
const DESCRIBE_BOUNDS: PageBounds = { defaultSize: 50, max: 50, errorCode: 'InvalidParameterException' };

export interface FilterLogEventsRequest extends PageRequest {
  logGroupName: string;
  logStreamNames?: string[];
  logStreamNamePrefix?: string;
  /** Epoch milliseconds, inclusive. */
  startTime?: number;
  /** Epoch milliseconds, inclusive. */
  endTime?: number;
  filterPattern?: string;
}

export interface FilteredLogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

export interface DescribeLogStreamsRequest extends PageRequest {
  logGroupName: string;
  logStreamNamePrefix?: string;
  orderBy?: string;
  descending?: boolean;
}

/** Scopes a nextToken to the call's arguments. */
const scopeOf = (operation: string, request: object) =>
  `${operation}:${createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 16)}`;

export class LocalLogs {
  constructor(
    private readonly store: LogStore,
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  private groupArn(name: string): string {
    return `arn:aws:logs:${this.region}:${this.accountId}:log-group:${name}`;
  }

  private requireGroup(name: string): void {
    if (!this.store.hasGroup(name)) {
      const known = this.store.groups().map((group) => group.name);
      throw new AwsError(
        'ResourceNotFoundException',
        `The specified log group does not exist: ${name}. ${known.length > 0 ? `The local log groups are ${known.join(', ')}.` : 'No function has logged yet: invoke one first.'}`,
      );
    }
  }

  filterLogEvents(request: FilterLogEventsRequest): {
    events: FilteredLogEvent[];
    searchedLogStreams: { logStreamName: string; searchedCompletely: boolean }[];
    nextToken?: string;
  } {
    const { logGroupName, logStreamNames, logStreamNamePrefix, startTime, endTime } = request;
    if (logStreamNames && logStreamNamePrefix) {
      throw new AwsError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive: give one of them');
    }
    const matches = compileFilterPattern(request.filterPattern);
    this.requireGroup(logGroupName);
    const streams = this.store
      .streams(logGroupName)
      .filter((stream) => !logStreamNames || logStreamNames.includes(stream.name))
      .filter((stream) => !logStreamNamePrefix || stream.name.startsWith(logStreamNamePrefix));
    const events: FilteredLogEvent[] = [];
    for (const stream of streams) {
      const ingestionTime = stream.lastIngestionTime ?? stream.creationTime;
      this.store.read(logGroupName, stream.name).forEach((event, index) => {
        if (startTime !== undefined && event.timestamp < startTime) return;
        if (endTime !== undefined && event.timestamp > endTime) return;
        if (!matches(event.message)) return;
        events.push({
          logStreamName: stream.name,
          timestamp: event.timestamp,
          message: event.message,
          ingestionTime,
          eventId: `${stream.name}:${index}`,
        });
      });
    }
    // Sorted by time across streams, as FilterLogEvents returns them; a stable sort keeps each stream's order.
    events.sort((a, b) => a.timestamp - b.timestamp);
    const { nextToken: _token, maxResults: _limit, ...listing } = request;
    const { items, nextToken } = listPage(scopeOf('events', listing), events, request, EVENT_BOUNDS);
    return {
      events: items,
      searchedLogStreams: streams.map((stream) => ({ logStreamName: stream.name, searchedCompletely: true })),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  describeLogGroups(request: PageRequest & { logGroupNamePrefix?: string } = {}): { logGroups: Record<string, unknown>[]; nextToken?: string } {
    const prefix = request.logGroupNamePrefix ?? '';
    const groups = this.store
      .groups()
      .filter((group) => group.name.startsWith(prefix))
      .map((group) => ({
        logGroupName: group.name,
        creationTime: group.creationTime,
        metricFilterCount: 0,
        arn: `${this.groupArn(group.name)}:*`,
        logGroupArn: this.groupArn(group.name),
        storedBytes: group.storedBytes,
        logGroupClass: 'STANDARD',
      }));
    const { items, nextToken } = listPage(scopeOf('groups', { prefix }), groups, request, DESCRIBE_BOUNDS);
    return { logGroups: items, ...(nextToken ? { nextToken } : {}) };
  }

  describeLogStreams(request: DescribeLogStreamsRequest): { logStreams: Record<string, unknown>[]; nextToken?: string } {
    const { logGroupName, logStreamNamePrefix, descending } = request;
    const orderBy = request.orderBy ?? 'LogStreamName';
    if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
      throw new AwsError('InvalidParameterException', `orderBy must be LogStreamName or LastEventTime (is ${JSON.stringify(orderBy)})`);
    }
    if (orderBy === 'LastEventTime' && logStreamNamePrefix) {
      throw new AwsError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    this.requireGroup(logGroupName);
    const byLastEvent = (a: StoredStream, b: StoredStream) => (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0);
    let streams = this.store.streams(logGroupName).filter((stream) => !logStreamNamePrefix || stream.name.startsWith(logStreamNamePrefix));
    if (orderBy === 'LastEventTime') streams.sort(byLastEvent);
    if (descending) streams = streams.reverse();
    const described = streams.map((stream) => ({
      logStreamName: stream.name,
      creationTime: stream.creationTime,
      ...(stream.firstEventTimestamp === undefined
        ? {}
        : {
            firstEventTimestamp: stream.firstEventTimestamp,
            lastEventTimestamp: stream.lastEventTimestamp,
            lastIngestionTime: stream.lastIngestionTime,
          }),
      arn: `${this.groupArn(logGroupName)}:log-stream:${stream.name}`,
      storedBytes: stream.storedBytes,
    }));
    const { items, nextToken } = listPage(
      scopeOf('streams', { logGroupName, logStreamNamePrefix, orderBy, descending }),
      described,
      request,
      DESCRIBE_BOUNDS,
    );
    return { logStreams: items, ...(nextToken ? { nextToken } : {}) };
  }
}
