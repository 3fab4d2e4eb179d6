import { WARDEN_EVENT_SOURCE, WardenDetailType } from '../../shared/bus/warden-events.js';
import { stageResources } from '../../shared/settings/stage-resources.js';
import { cloudTrailEventPatterns, type EventPattern } from './event-patterns.js';
import { HubLogicalId } from './function-roles.js';

/**
 * The serverless.yml `eventBridge` events of detect and execute. Detect
 * listens with every generated pattern on two buses: the hub's default bus
 * (the hub account's own events in the hub region) and Warden's bus (events
 * forwarded by infra/member-account.yml from member accounts and other regions).
 */

/** EventBridge retries delivery (throttling, Lambda unavailable) for up to an hour, then the DLQ. */
const DELIVERY_RETRY = { maximumEventAge: 3600, maximumRetryAttempts: 20 } as const;

export interface ServerlessEventBridgeEvent {
  readonly eventBridge: {
    readonly name: string;
    readonly description: string;
    readonly eventBus?: unknown;
    readonly pattern: EventPattern;
    readonly retryPolicy: typeof DELIVERY_RETRY;
    readonly deadLetterQueueArn: unknown;
  };
}

const deadLetterQueueArn = { 'Fn::GetAtt': [HubLogicalId.DeadLetterQueue, 'Arn'] };

/** `warden-<stage>-ct-<bus>-<pattern>` (stage-resources.ts): at most 64 characters, as EventBridge requires. */
function ruleName(stage: string, bus: 'default' | 'hub', id: string): string {
  const name = `${stageResources(stage).cloudTrailRulePrefix}-${bus}-${id}`;
  if (name.length > 64) throw new Error(`EventBridge rule name too long: ${name}`);
  return name;
}

export function detectEvents(stage: string): ServerlessEventBridgeEvent[] {
  const events: ServerlessEventBridgeEvent[] = [];
  for (const bus of ['default', 'hub'] as const) {
    for (const { id, description, pattern } of cloudTrailEventPatterns()) {
      events.push({
        eventBridge: {
          name: ruleName(stage, bus, id),
          description: `${bus === 'default' ? 'This account' : 'Forwarded'}: ${description}`.slice(0, 512),
          ...(bus === 'hub' ? { eventBus: { Ref: HubLogicalId.EventBus } } : {}),
          pattern,
          retryPolicy: DELIVERY_RETRY,
          deadLetterQueueArn,
        },
      });
    }
  }
  return events;
}

/**
 * Execute runs on "Warden Action Requested" published by Warden itself. The
 * `account` condition matters: member accounts may PutEvents to Warden's bus
 * (to forward CloudTrail events), and must not be able to request an action.
 */
export function executeEvents(stage: string, hubAccount: unknown): ServerlessEventBridgeEvent[] {
  return [
    {
      eventBridge: {
        name: `warden-${stage}-action-requested`,
        description: 'Warden Action Requested, published by Warden in this account',
        eventBus: { Ref: HubLogicalId.EventBus },
        pattern: {
          source: [WARDEN_EVENT_SOURCE],
          'detail-type': [WardenDetailType.ActionRequested],
          account: [hubAccount as string],
        },
        retryPolicy: DELIVERY_RETRY,
        deadLetterQueueArn,
      },
    },
  ];
}
