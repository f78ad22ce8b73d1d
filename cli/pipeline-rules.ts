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

/** Undefined when the bus cannot tell (no permission to ask, say): the caller goes on without knowing. */
export async function askPipelineRules(target: Target, event: TestableEvent): Promise<RuleAnswer | undefined> {
  const events = target.clients.events;
  try {
    const { RuleNames = [] } = await events.send(new ListRuleNamesByTargetCommand({ TargetArn: target.info.stateMachineArn }));
    const text = JSON.stringify({ version: '0', ...event });
    const patterns: Record<string, unknown>[] = [];
    for (const name of RuleNames) {
      const { EventPattern } = await events.send(new DescribeRuleCommand({ Name: name }));
      if (!EventPattern) continue;
      const pattern = JSON.parse(EventPattern) as Record<string, unknown>;
      if (!Array.isArray(pattern.source) || !pattern.source.includes(event.source)) continue;
      const { Result } = await events.send(new TestEventPatternCommand({ EventPattern, Event: text }));
      if (Result) return { starts: true, patterns };
      patterns.push(pattern);
    }
    return { starts: false, patterns };
  } catch {
    return undefined;
  }
}
