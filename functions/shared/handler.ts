/**
 * Every Lambda handler is wrapped the same way: Powertools Logger context, the asset id as a
 * persistent log key, and permanent input errors recorded on the asset as REJECTED before they
 * reach the state machine (whose Catch then ends the execution quietly). Other errors are logged
 * with their stack: the state machine's cause, and the asset record, keep only the message.
 */
import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { AwaitsManifest, InputRejected } from './errors';
import { logger, withInvocationLogger } from './logger';
import { markRejected } from './asset-table';

interface MaybeAssetEvent {
  assetId?: unknown;
  /** The state that invoked the function (`$$.State.Name`), for the error record. */
  state?: unknown;
}

function assetIdOf(event: unknown): string | undefined {
  const id = (event as MaybeAssetEvent | null)?.assetId;
  return typeof id === 'string' ? id : undefined;
}

function assetIdKey(): MiddlewareObj<unknown> {
  return {
    before: async (request) => {
      const assetId = assetIdOf(request.event);
      if (assetId) logger.appendKeys({ assetId });
    },
  };
}

function recordRejections(): MiddlewareObj<unknown> {
  return {
    onError: async (request) => {
      const { error, event } = request;
      const assetId = assetIdOf(event);
      if (!(error instanceof InputRejected) || !assetId) return;
      const state = (event as MaybeAssetEvent).state;
      logger.warn('Input rejected', { error: error.name, cause: error.message });
      await markRejected(assetId, {
        state: typeof state === 'string' ? state : 'unknown',
        error: error.name,
        cause: error.message,
      });
    },
  };
}

function logFailures(): MiddlewareObj<unknown> {
  return {
    onError: async (request) => {
      const { error } = request;
      // Outcomes, not failures: logged where they are decided.
      if (error instanceof InputRejected || error instanceof AwaitsManifest) return;
      logger.error('Invocation failed; the state machine gets the error', error ?? 'no error');
    },
  };
}

export function pipelineHandler<TEvent, TResult>(
  fn: (event: TEvent, context: Context) => Promise<TResult>,
): (event: TEvent, context: Context) => Promise<TResult> {
  const wrapped = middy<TEvent, TResult, Error, Context>(fn)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(assetIdKey() as MiddlewareObj<TEvent, TResult, Error, Context>)
    .use(recordRejections() as MiddlewareObj<TEvent, TResult, Error, Context>)
    .use(logFailures() as MiddlewareObj<TEvent, TResult, Error, Context>);
  return (event, context) => withInvocationLogger(() => wrapped(event, context));
}
