/**
 * Whether an event would start the pipeline, asked of the bus itself: the rules that target the
 * state machine, their patterns and EventBridge's own matcher (TestEventPattern). The same calls
 * answer on AWS and on the local cloud, whatever prefix, suffixes and channels the deployment chose,
 * so `vod` can refuse an input before uploading it rather than wait for an execution that never comes.
 */
import { randomUUID } from 'node:crypto';
import { DescribeRuleCommand, ListRuleNamesByTargetCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { eventTime } from '../local/eventbridge/types';
import type { Target } from './target';

export interface RuleAnswer {
  starts: boolean;
  /** The patterns of the state machine's rules for the event's source, to say what they take. */
  patterns: Record<string, unknown>[];
}

/** An event as TestEventPattern needs it (these members are mandatory there). */
export interface TestableEvent {
  id: string;
  account: string;
  source: string;
  time: string;
  region: string;
  resources: string[];
  'detail-type': string;
  detail: unknown;
}

/** The `Object Created` event S3 sends for an upload, in the deployment's account and region. */
export function objectCreatedEvent(target: Target, bucket: string, key: string): TestableEvent {
  const [, , , region, account] = target.info.stateMachineArn.split(':');
  return {
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account,
    time: eventTime(new Date()),
    region,
    resources: [`arn:aws:s3:::${bucket}`],
    detail: { version: '0', bucket: { name: bucket }, object: { key, size: 1, sequencer: '0' }, reason: 'PutObject' },
  };
}

/** Which rules match an event, asked of the bus. */
export interface RuleMatches {
  /** Names of the rules that match. */
  matched: string[];
  /** Patterns of the rules for the event's source that do not match, to say what they take. */
  patterns: Record<string, unknown>[];
  /** The sources the rules take, for an event whose source none takes. */
  sources: string[];
}

/**
 * Which of the rules that target `targetArns` match the event, by EventBridge's own matcher.
 * Undefined when the bus cannot tell (no permission to ask, say): the caller goes on without knowing.
 */
export async function matchingRules(target: Target, event: TestableEvent, targetArns: string[]): Promise<RuleMatches | undefined> {
  const events = target.clients.events;
  const answer: RuleMatches = { matched: [], patterns: [], sources: [] };
  const text = JSON.stringify({ version: '0', ...event });
  try {
    for (const targetArn of targetArns) {
      const { RuleNames = [] } = await events.send(new ListRuleNamesByTargetCommand({ TargetArn: targetArn }));
      for (const name of RuleNames) {
        const { EventPattern } = await events.send(new DescribeRuleCommand({ Name: name }));
        if (!EventPattern) continue;
        const pattern = JSON.parse(EventPattern) as Record<string, unknown>;
        const sources = Array.isArray(pattern.source) ? pattern.source.map(String) : [];
        answer.sources.push(...sources.filter((source) => !answer.sources.includes(source)));
        // A rule for another source cannot match: not worth a call.
        if (!sources.includes(event.source)) continue;
        const { Result } = await events.send(new TestEventPatternCommand({ EventPattern, Event: text }));
        if (Result) answer.matched.push(name);
        else answer.patterns.push(pattern);
      }
    }
    return answer;
  } catch {
    return undefined;
  }
}

/** Whether the event would start the pipeline; undefined when the bus cannot tell. */
export async function askPipelineRules(target: Target, event: TestableEvent): Promise<RuleAnswer | undefined> {
  const answer = await matchingRules(target, event, [target.info.stateMachineArn]);
  if (!answer) return undefined;
  const starts = answer.matched.length > 0;
  return { starts, patterns: starts ? [] : answer.patterns };
}
