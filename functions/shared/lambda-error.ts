/**
 * A Lambda function's error as Step Functions records it in a cause: the Lambda service's JSON
 * `{"errorType","errorMessage","trace":[...]}`. The trace holds stack frames and file paths: it is
 * for the function's log. What people read on the asset record is the message.
 */

export interface LambdaError {
  errorType?: string;
  errorMessage: string;
  trace?: string[];
}

const stringField = (json: string, field: string): string | undefined => {
  const match = new RegExp(`"${field}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(json);
  if (!match) return undefined;
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return undefined;
  }
};

/** The Lambda error a cause carries; undefined for any other cause (a plain message, other JSON). */
export function lambdaErrorOf(cause: string | undefined): LambdaError | undefined {
  const json = cause?.trim();
  if (!json?.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    // Causes are cut to a length limit, which leaves a long trace's JSON unterminated.
    const errorMessage = stringField(json, 'errorMessage');
    return errorMessage === undefined ? undefined : { errorType: stringField(json, 'errorType'), errorMessage };
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { errorType, errorMessage, trace } = parsed as Record<string, unknown>;
  if (typeof errorMessage !== 'string') return undefined;
  return {
    ...(typeof errorType === 'string' ? { errorType } : {}),
    errorMessage,
    ...(Array.isArray(trace) ? { trace: trace.map(String) } : {}),
  };
}

/** Error types that say nothing the message does not. */
const PLAIN_TYPES = new Set(['Error', 'string', 'object']);

/**
 * A cause as people read it: a Lambda error's message, led by its type when that adds something
 * (neither the recorded error name nor a plain `Error`); any other cause unchanged.
 */
export function readableCause(cause: string, error?: string): string {
  const lambda = lambdaErrorOf(cause);
  if (!lambda) return cause;
  const { errorType, errorMessage } = lambda;
  if (errorMessage.trim() === '') return `${errorType ?? 'The function'} failed without a message`;
  const typeHelps = errorType !== undefined && errorType !== error && !PLAIN_TYPES.has(errorType) && !errorMessage.startsWith(errorType);
  return typeHelps ? `${errorType}: ${errorMessage}` : errorMessage;
}
