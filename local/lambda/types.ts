/** What invoking a local function returns: its result, or its error in the Lambda service's shape. */
export type InvokeResult = { ok: true; payload: unknown } | { ok: false; errorType: string; errorMessage: string; trace?: string[] };

/**
 * An error of the Lambda service rather than of the function (an unknown function): thrown, so
 * Step Functions reports it as on AWS, `Lambda.<name>`, and EventBridge retries it.
 */
export class LambdaServiceError extends Error {
  constructor(
    readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** Invokes a function of the wiring by name or ARN (`arn:aws:lambda:<region>:<account>:function:<name>`). */
export type InvokeFunction = (functionNameOrArn: string, payload: unknown) => Promise<InvokeResult>;
