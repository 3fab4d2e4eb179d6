import {
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  NotFoundException,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { type CheckResult, errorText, fail, pass, warn } from './check-result.js';

const CHECK = 'alert-topic';

/** Confirmed subscriptions (a pending one's ARN is the word `PendingConfirmation`). */
async function confirmedSubscriptions(client: SNSClient, topicArn: string): Promise<number> {
  let count = 0;
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, ...(NextToken ? { NextToken } : {}) }),
    );
    count += (page.Subscriptions ?? []).filter((subscription) =>
      subscription.SubscriptionArn?.startsWith('arn:'),
    ).length;
    NextToken = page.NextToken;
  } while (NextToken);
  return count;
}

/** The SNS topic Slack alerts fall back to exists, and somebody is subscribed to it. */
export async function checkAlertTopic(
  client: SNSClient,
  input: { readonly stage: string; readonly topicArn: string },
): Promise<CheckResult> {
  const { topicArn } = input;
  try {
    await client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    const confirmed = await confirmedSubscriptions(client, topicArn);
    if (confirmed === 0) {
      return warn(
        CHECK,
        `${topicArn} has no confirmed subscription: alerts that cannot reach Slack reach nobody`,
        `aws sns subscribe --topic-arn ${topicArn} --protocol email --notification-endpoint <security-team@example.com>, then confirm the e-mail`,
      );
    }
    return pass(CHECK, `${topicArn} exists with ${confirmed} confirmed subscription${confirmed === 1 ? '' : 's'}`);
  } catch (error) {
    if (error instanceof NotFoundException) {
      return fail(CHECK, `no topic ${topicArn}`, `deploy the stage: npx osls deploy --stage ${input.stage}`);
    }
    return fail(
      CHECK,
      `cannot read ${topicArn}: ${errorText(error)}`,
      'allow these credentials sns:GetTopicAttributes and sns:ListSubscriptionsByTopic',
    );
  }
}
