/** An event as the local bus delivers it to targets: AWS's EventBridge envelope. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** What a local service puts on the bus (the fields of a PutEvents entry, detail already parsed). */
export interface EventEntry {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources?: string[];
  time?: Date;
}

export type PutEvent = (entry: EventEntry) => Promise<void>;

/** AWS's timestamps in events and IVS recording metadata: seconds precision, `Z`. */
export function eventTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
