/** What invoking a local function returns: its result, or its error in the Lambda service's shape. */
export type InvokeResult = ({ ok: true; payload: unknown } | { ok: false; errorType: string; errorMessage: string; trace?: string[] }) & {
  /** What the invocation logged, START to REPORT, one line each (when the runtime keeps logs). */
  log?: string;
};

/*
 * An error of the Lambda service rather than of the function (an unknown function) is thrown as an
 * AwsError (local/protocol/aws-error.ts), so Step Functions reports it as on AWS, `Lambda.<code>`,
 * and EventBridge retries it.
 */

/** Invokes a function of the wiring by name or ARN (`arn:aws:lambda:<region>:<account>:function:<name>`). */
export type InvokeFunction = (functionNameOrArn: string, payload: unknown) => Promise<InvokeResult>;

/** The AWS-shaped error, by the name Lambda's errors had here first. */
export { AwsError as LambdaServiceError } from '../protocol/aws-error';
