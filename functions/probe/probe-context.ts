/**
 * What every probe step needs to know about its invocation: the asset (for messages and logs), the
 * state that runs it, and how far MediaInfo may read.
 */
import type { ReadLimits } from './media-info';

export interface ProbeContext {
  assetId: string;
  /** The state machine state that invoked the probe, for error messages. */
  state: string;
  limits?: ReadLimits;
}

/** "Asset <id> (state <state>)": how every probe message starts. */
export function subject(context: ProbeContext): string {
  return `Asset ${context.assetId} (state ${context.state})`;
}
