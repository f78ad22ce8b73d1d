/**
 * Acknowledgments of cdk-nag findings (AwsSolutions pack), each with its reason, recorded through
 * CDK's `Validations.of(…).acknowledge`. Wildcard resources are acknowledged one finding at a time,
 * in the form cdk-nag reports them (`AwsSolutions-IAM5[Resource::<Logical.Arn>/*]`), so a new
 * wildcard that nobody justified still fails the checks.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The IAM5 findings cdk-nag reports for the wildcards of a statement's resources. */
export function wildcardFindings(scope: IConstruct, statement: iam.PolicyStatement): string[] {
  const stack = Stack.of(scope);
  return statement.resources
    .map((resource) => flattenCfnReference(stack.resolve(resource)))
    .filter((resource) => resource.includes('*'))
    .map((resource) => `AwsSolutions-IAM5[Resource::${resource}]`);
}

/** Acknowledges, on the policy (or role) that holds it, every wildcard resource of a statement. */
export function acknowledgeWildcards(holder: IConstruct, statement: iam.PolicyStatement, reason: string): void {
  for (const id of wildcardFindings(holder, statement)) acknowledge(holder, id, reason);
}
