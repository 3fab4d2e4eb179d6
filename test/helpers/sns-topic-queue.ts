import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type AwsClientOptions, sdkClientConfig } from '../../shared/aws/aws-client-options.js';

export interface SnsDelivery {
  readonly subject?: string;
  readonly message: string;
}

export interface SnsTopicQueue {
  readonly topicArn: string;
  readonly sns: SNSClient;
  /** Notifications delivered since the last call (read from the SQS subscription). */
  received(): Promise<SnsDelivery[]>;
}

/** An SNS topic on the emulator with an SQS queue subscribed, so tests read what was published. */
export async function snsTopicQueue(options: AwsClientOptions, name = 'warden-fallback'): Promise<SnsTopicQueue> {
  const config = sdkClientConfig(options);
  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);
  const topic = await sns.send(new CreateTopicCommand({ Name: name }));
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-q` }));
  const queueArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes!['QueueArn'];
  await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'sqs', Endpoint: queueArn }));
  return {
    topicArn: topic.TopicArn!,
    sns,
    async received() {
      const batch = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      return (batch.Messages ?? []).map((m) => {
        const envelope = JSON.parse(m.Body!) as { Subject?: string; Message: string };
        return { ...(envelope.Subject ? { subject: envelope.Subject } : {}), message: envelope.Message };
      });
    },
  };
}
