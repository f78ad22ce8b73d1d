/**
 * The local CloudWatch Logs' API (AWS JSON 1.1, target prefix `Logs_20140328`, SigV4 service
 * `logs`), as the SDK's CloudWatchLogsClient and `aws logs filter-log-events` / `aws logs tail`
 * call it: FilterLogEvents, DescribeLogGroups, DescribeLogStreams. Serve it with
 * `jsonRpcHandler(LOGS_TARGET_PREFIX, logsOperations(service), 'application/x-amz-json-1.1')`.
 */
import { AwsError } from '../protocol/aws-error';
import type { Operation } from '../protocol/json-rpc';
import type { LocalLogs } from './service';

export const LOGS_TARGET_PREFIX = 'Logs_20140328';

const invalid = (member: string, what: string) =>
  new AwsError('InvalidParameterException', `1 validation error detected: Value at '${member}' must be ${what}`);

function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(member, 'a string');
  return value;
}

function optionalNumber(input: Record<string, unknown>, member: string): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(member, 'a number (epoch milliseconds)');
  return value;
}

/** The log group of a request: logGroupName, or logGroupIdentifier (a name or an ARN). */
function groupOf(input: Record<string, unknown>): string {
  const name = optionalString(input, 'logGroupName');
  const identifier = optionalString(input, 'logGroupIdentifier');
  const group = name ?? identifier?.replace(/^arn:aws:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '');
  if (!group) throw invalid('logGroupName', 'the name of a log group, such as /aws/lambda/vod-probe');
  return group;
}

function streamNames(input: Record<string, unknown>): string[] | undefined {
  const value = input.logStreamNames;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((name) => typeof name !== 'string')) throw invalid('logStreamNames', 'a list of strings');
  return value as string[];
}

export function logsOperations(logs: LocalLogs): Record<string, Operation> {
  return {
    FilterLogEvents: async (input) =>
      logs.filterLogEvents({
        logGroupName: groupOf(input),
        logStreamNames: streamNames(input),
        logStreamNamePrefix: optionalString(input, 'logStreamNamePrefix'),
        startTime: optionalNumber(input, 'startTime'),
        endTime: optionalNumber(input, 'endTime'),
        filterPattern: optionalString(input, 'filterPattern'),
        maxResults: input.limit,
        nextToken: input.nextToken,
      }),
    DescribeLogGroups: async (input) =>
      logs.describeLogGroups({
        logGroupNamePrefix: optionalString(input, 'logGroupNamePrefix'),
        maxResults: input.limit,
        nextToken: input.nextToken,
      }),
    DescribeLogStreams: async (input) =>
      logs.describeLogStreams({
        logGroupName: groupOf(input),
        logStreamNamePrefix: optionalString(input, 'logStreamNamePrefix'),
        orderBy: optionalString(input, 'orderBy'),
        descending: input.descending === true,
        maxResults: input.limit,
        nextToken: input.nextToken,
      }),
  };
}
