import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import { requestString, responseString } from '../../cloudtrail/request-parameter.js';
import type { Target } from '../../model/finding.js';

/**
 * The CloudTrail Lake event data store a call names: `eventDataStore` is its
 * ARN or the id at the end of it (`arn:aws:cloudtrail:…:eventdatastore/<id>`).
 */
export interface EventDataStoreReference {
  readonly reference: string;
  /** The store's name when the response records it (UpdateEventDataStore does), else its id. */
  readonly name: string;
  readonly arn?: string;
}

export function eventDataStoreReference(event: CloudTrailEvent): EventDataStoreReference | undefined {
  const reference = requestString(event, 'eventDataStore');
  if (!reference) return undefined;
  const arn = reference.startsWith('arn:') ? reference : responseString(event, 'eventDataStoreArn');
  const id = reference.includes('/') ? reference.slice(reference.lastIndexOf('/') + 1) : reference;
  const name = responseString(event, 'name') ?? id;
  return { reference, name, ...(arn ? { arn } : {}) };
}

export function eventDataStoreTarget(store: EventDataStoreReference | undefined): Target {
  return {
    type: 'event-data-store',
    ...(store ? { name: store.name } : {}),
    ...(store?.arn ? { arn: store.arn } : {}),
  };
}
