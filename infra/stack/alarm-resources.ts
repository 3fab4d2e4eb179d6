import { HubLogicalId } from './function-roles.js';
import { FUNCTION_NAMES, SERVICE_NAME } from '../../shared/settings/stage-resources.js';

/**
 * CloudWatch alarms → the alert topic (DESIGN §8): a message in the DLQ
 * (an event Warden could not process), and any error or throttle of a
 * function. Thresholds are "any": each of these means a finding may have
 * been missed or an action not taken.
 */
export function alarmResources(stage: string): Record<string, unknown> {
  const topic = [{ Ref: HubLogicalId.AlertTopic }];
  const common = {
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: topic,
    OKActions: topic,
  };
  const resources: Record<string, unknown> = {
    DeadLetterQueueDepthAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: `${SERVICE_NAME}-${stage}-dlq-not-empty`,
        AlarmDescription: 'Events or invocations Warden failed to process are waiting in the dead-letter queue.',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [HubLogicalId.DeadLetterQueue, 'QueueName'] } }],
        Statistic: 'Maximum',
        ...common,
      },
    },
  };
  for (const name of FUNCTION_NAMES) {
    const functionName = `${SERVICE_NAME}-${stage}-${name}`;
    const id = `${name[0]?.toUpperCase() ?? ''}${name.slice(1)}`;
    for (const metric of ['Errors', 'Throttles'] as const) {
      resources[`${id}${metric}Alarm`] = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: `${functionName}-${metric.toLowerCase()}`,
          AlarmDescription: `Warden's ${name} function ${metric === 'Errors' ? 'failed' : 'was throttled'}.`,
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: functionName }],
          Statistic: 'Sum',
          ...common,
        },
      };
    }
  }
  return resources;
}
