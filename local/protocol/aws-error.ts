/**
 * The one error a local service's operation throws to answer its caller in AWS's terms: the error
 * code the SDK turns into an exception name, the message, and the HTTP status. Each wire layer
 * writes it in its protocol's form (JSON 1.0/1.1 `__type`, REST-JSON `x-amzn-ErrorType`).
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * An operation the local service does not implement: AWS's UnknownOperationException, naming the
 * ones it does, so a user knows at once what works locally.
 */
export function unknownOperation(service: string, operation: string, supported: readonly string[]): AwsError {
  return new AwsError(
    'UnknownOperationException',
    `The local ${service} does not implement ${operation}; it implements ${supported.join(', ')}.`,
    400,
  );
}
