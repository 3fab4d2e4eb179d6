import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { EventBridgeEvent } from 'aws-lambda';
import { type AwsClientOptions, sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { WARDEN_EVENT_SOURCE, type WardenDetailType } from '../../shared/bus/warden-events.js';

export interface EventQueue {
  readonly events: EventBridgeClient;
  /** Events of the detail type delivered since the last call (received from the SQS target, which then hides them). */
  received<D>(): Promise<EventBridgeEvent<string, D>[]>;
}

/**
 * Creates `busName` on an emulator (moto) with a rule sending Warden's events
 * of `detailType` to a new SQS queue, so tests can read what was published.
 */
export async function eventQueue(
  options: AwsClientOptions,
  busName: string,
  detailType: WardenDetailType,
): Promise<EventQueue> {
  const config = sdkClientConfig(options);
  const events = new EventBridgeClient(config);
  // A second queue on the same bus finds it there already.
  await events.send(new CreateEventBusCommand({ Name: busName })).catch((error: Error) => {
    if (error.name !== 'ResourceAlreadyExistsException') throw error;
  });
  const sqs = new SQSClient(config);
  const name = `q-${detailType.replace(/\W+/g, '-').toLowerCase()}`;
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const arn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes!['QueueArn'];
  await events.send(
    new PutRuleCommand({
      Name: name,
      EventBusName: busName,
      EventPattern: JSON.stringify({ source: [WARDEN_EVENT_SOURCE], 'detail-type': [detailType] }),
    }),
  );
  await events.send(new PutTargetsCommand({ Rule: name, EventBusName: busName, Targets: [{ Id: 'q', Arn: arn }] }));
  return {
    events,
    async received<D>() {
      const out: EventBridgeEvent<string, D>[] = [];
      for (;;) {
        const batch = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        const messages = batch.Messages ?? [];
        if (messages.length === 0) return out;
        out.push(...messages.map((message) => JSON.parse(message.Body!) as EventBridgeEvent<string, D>));
      }
    },
  };
}
