/** What invoking a local function returns: its result, or its error in the Lambda service's shape. */
export type InvokeResult =
  | { ok: true; payload: unknown }
  | { ok: false; errorType: string; errorMessage: string; trace?: string[] };

/** Invokes a function of the wiring by name or ARN (`arn:aws:lambda:<region>:<account>:function:<name>`). */
export type InvokeFunction = (functionNameOrArn: string, payload: unknown) => Promise<InvokeResult>;
