/**
 * AWS prices the cost row uses: us-east-1, on-demand, as the pricing pages gave them on the date
 * below. Update the date and the numbers together, from the pages named beside each price.
 */
export const PRICES_AS_OF = '2026-12-03';
export const PRICES_REGION = 'us-east-1';

export const PRICES = {
  /** Standard workflows, per state transition (retries count as transitions). */
  stepFunctionsTransition: { usd: 0.025 / 1000, source: 'https://aws.amazon.com/step-functions/pricing/' },
  /** Lambda on arm64, per GB-second of configured memory × billed duration (1 ms granularity). */
  lambdaArmGbSecond: { usd: 0.0000133334, source: 'https://aws.amazon.com/lambda/pricing/' },
  /** Lambda, per request. */
  lambdaRequest: { usd: 0.2 / 1_000_000, source: 'https://aws.amazon.com/lambda/pricing/' },
  /** DynamoDB on-demand, per write request unit (a write of up to 1 KB). */
  dynamoDbWriteUnit: { usd: 0.625 / 1_000_000, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  /** DynamoDB on-demand, per read request unit (a strongly consistent read of up to 4 KB, or two eventually consistent). */
  dynamoDbReadUnit: { usd: 0.125 / 1_000_000, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  /** EventBridge, per custom event published; events AWS services send to the default bus are free. */
  eventBridgeCustomEvent: { usd: 1 / 1_000_000, source: 'https://aws.amazon.com/eventbridge/pricing/' },
} as const;
