/**
 * Step Functions ARNs and names in AWS's formats:
 * `arn:aws:states:<region>:<account>:stateMachine:<name>` and
 * `arn:aws:states:<region>:<account>:execution:<stateMachineName>:<executionName>`.
 */
import { ServiceError } from '../protocol/json-rpc';

export interface Scope {
  region: string;
  accountId: string;
}

export function stateMachineArn(scope: Scope, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;
}

export function executionArn(scope: Scope, stateMachineName: string, executionName: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:execution:${stateMachineName}:${executionName}`;
}

const STATE_MACHINE_ARN = /^arn:aws:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:aws:states:([a-z0-9-]+):(\d{12}):execution:([^:]+):([^:]+)$/;

/** The state machine name of an ARN of this region and account; InvalidArn otherwise. */
export function parseStateMachineArn(scope: Scope, arn: unknown): string {
  const match = typeof arn === 'string' ? STATE_MACHINE_ARN.exec(arn) : null;
  if (!match) throw new ServiceError('InvalidArn', `Invalid Arn: '${String(arn)}' is not a state machine ARN`);
  checkScope(scope, arn as string, match[1], match[2]);
  return match[3];
}

/** The state machine and execution names of an execution ARN; InvalidArn otherwise. */
export function parseExecutionArn(scope: Scope, arn: unknown): { stateMachineName: string; name: string } {
  const match = typeof arn === 'string' ? EXECUTION_ARN.exec(arn) : null;
  if (!match) throw new ServiceError('InvalidArn', `Invalid Arn: '${String(arn)}' is not an execution ARN`);
  checkScope(scope, arn as string, match[1], match[2]);
  return { stateMachineName: match[3], name: match[4] };
}

function checkScope(scope: Scope, arn: string, region: string, account: string): void {
  if (region !== scope.region || account !== scope.accountId) {
    throw new ServiceError(
      'InvalidArn',
      `Invalid Arn: '${arn}' belongs to ${region}/${account}; the local cloud serves ${scope.region}/${scope.accountId}`,
    );
  }
}

// AWS: 1-80 characters, none of: white space, < > { } [ ], ? *, " # % \ ^ | ~ ` $ & , ; : /, control characters.
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const isControl = (name: string) =>
  [...name].some((char) => char.charCodeAt(0) <= 0x1f || (char.charCodeAt(0) >= 0x7f && char.charCodeAt(0) <= 0x9f));

/** Throws InvalidName unless `name` is a valid state machine or execution name. */
export function checkName(name: unknown, what: 'state machine' | 'execution'): string {
  if (typeof name !== 'string' || name.length < 1 || name.length > 80 || FORBIDDEN.test(name) || isControl(name)) {
    throw new ServiceError(
      'InvalidName',
      `Invalid Name: '${String(name)}': a ${what} name has 1 to 80 characters and no white space, brackets, wildcards, control characters or any of " # % \\ ^ | ~ \` $ & , ; : /`,
    );
  }
  return name;
}
