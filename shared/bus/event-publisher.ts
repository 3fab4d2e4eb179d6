import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { WardenError } from '../errors/warden-error.js';
import { WARDEN_EVENT_SOURCE, type WardenDetailType } from './warden-events.js';

export interface EventPublisher {
  publish(detailType: WardenDetailType, detail: object): Promise<void>;
}

/** Publishes to Warden's event bus; a rejected entry is an error (the caller retries or dead-letters). */
export function eventBridgePublisher(client: EventBridgeClient, eventBusName: string): EventPublisher {
  return {
    async publish(detailType, detail) {
      const response = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: WARDEN_EVENT_SOURCE,
              DetailType: detailType,
              Detail: JSON.stringify(detail),
              EventBusName: eventBusName,
            },
          ],
        }),
      );
      if ((response.FailedEntryCount ?? 0) > 0) {
        const entry = response.Entries?.find((e) => e.ErrorCode);
        throw new WardenError(
          'publish-failed',
          `EventBridge rejected "${detailType}" (${entry?.ErrorCode ?? 'unknown'})`,
        );
      }
    },
  };
}
