/**
 * Synthesizes VodPipelineStack for the infra tests: with the context of cdk.json (feature flags),
 * a fixed account and region, and without bundling the functions unless a test asks for it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { VodPipelineStack } from '../../infra/lib/vod-pipeline-stack';
import type { VodPipelineStackProps } from '../../infra/lib/stack-props';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');

/** The context keys of cdk.json (feature flags and the like). */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

export interface Synthesized {
  app: App;
  stack: VodPipelineStack;
  template: Template;
}

export function synthesize(props: VodPipelineStackProps = {}, options: { context?: Record<string, unknown>; bundle?: boolean } = {}): Synthesized {
  const app = new App({
    context: {
      ...cdkJsonContext(),
      // No stack is bundled: the functions' code assets are placeholders.
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const stack = new VodPipelineStack(app, 'Vod', { env: { account: ACCOUNT, region: REGION }, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

let defaults: Synthesized | undefined;

/**
 * `synthesize()` with no props and no options, made once per module registry and shared by the specs:
 * read it only (no new constructs, aspects or validation plugins, no sorting of the template's arrays).
 */
export function defaultStack(): Synthesized {
  defaults ??= synthesize();
  return defaults;
}

/** How a token appears in the template (`{ Ref: … }`, `{ 'Fn::GetAtt': … }`, …). */
export function resolved<T>(scope: IConstruct, value: T): unknown {
  return Stack.of(scope).resolve(value);
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalId(construct: IConstruct): string {
  const child = construct.node.defaultChild ?? construct;
  return Stack.of(construct).getLogicalId(child as never);
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

/** A copy: sorting it leaves the (shared) template as it is. */
export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? [...statement.Action] : [statement.Action];
}

/** Every statement of every policy attached to a role (inline policies and AWS::IAM::Policy). */
export function roleStatements(template: Template, role: iam.IRole): Statement[] {
  const roleId = logicalId(role as unknown as IConstruct);
  const statements: Statement[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const roles = (policy.Properties.Roles ?? []) as { Ref?: string }[];
    if (roles.some((ref) => ref.Ref === roleId)) statements.push(...(policy.Properties.PolicyDocument.Statement as Statement[]));
  }
  const inline = template.findResources('AWS::IAM::Role')[roleId]?.Properties?.Policies ?? [];
  for (const policy of inline as { PolicyDocument: { Statement: Statement[] } }[]) statements.push(...policy.PolicyDocument.Statement);
  return statements;
}

/** All the actions a role may do, sorted. */
export function roleActions(template: Template, role: iam.IRole): string[] {
  return [...new Set(roleStatements(template, role).flatMap(actionsOf))].sort();
}
