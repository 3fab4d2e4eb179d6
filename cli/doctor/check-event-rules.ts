import {
  type EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  ResourceNotFoundException,
  type Rule,
} from '@aws-sdk/client-eventbridge';
import { WardenDetailType } from '../../shared/bus/warden-events.js';
import { type CheckResult, errorText, fail, pass } from './check-result.js';

const CHECK = 'event-rules';
const CLOUDTRAIL_DETAIL_TYPES = ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'];

export interface EventRulesInput {
  readonly stage: string;
  /** Every rule of the stage on the default bus is named `<prefix>-…` (`warden-<stage>-…`). */
  readonly prefix: string;
  /** Warden's own bus: forwarded CloudTrail events → detect, action requests → execute. */
  readonly eventBusName: string;
}

async function listRules(
  client: EventBridgeClient,
  prefix: string | undefined,
  eventBusName?: string,
): Promise<Rule[]> {
  const rules: Rule[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListRulesCommand({
        ...(prefix ? { NamePrefix: prefix } : {}),
        ...(eventBusName ? { EventBusName: eventBusName } : {}),
        ...(NextToken ? { NextToken } : {}),
      }),
    );
    rules.push(...(page.Rules ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return rules;
}

/** The `detail-type` values a rule's pattern matches (none for a schedule). */
function detailTypes(rule: Rule): string[] {
  try {
    const pattern = JSON.parse(rule.EventPattern ?? '{}') as { 'detail-type'?: unknown };
    const types = pattern['detail-type'];
    return Array.isArray(types) ? types.filter((type): type is string => typeof type === 'string') : [];
  } catch {
    return [];
  }
}

const carriesCloudTrail = (rule: Rule) => detailTypes(rule).some((type) => CLOUDTRAIL_DETAIL_TYPES.includes(type));
const carriesActionRequests = (rule: Rule) => detailTypes(rule).includes(WardenDetailType.ActionRequested);

async function targetCount(client: EventBridgeClient, rule: Rule): Promise<number> {
  const onBus = rule.EventBusName && rule.EventBusName !== 'default' ? { EventBusName: rule.EventBusName } : {};
  const { Targets } = await client.send(new ListTargetsByRuleCommand({ Rule: rule.Name, ...onBus }));
  return Targets?.length ?? 0;
}

/**
 * The stage's EventBridge rules are there and working: on the default bus, a
 * rule carrying this account's CloudTrail events (to detect); on Warden's bus,
 * rules carrying forwarded CloudTrail events and action requests (to
 * execute). Every rule of the stage, the daily sweep schedule included, must
 * be ENABLED with a target. Rules are recognised by what they match, not by
 * name, so a renamed rule still counts.
 */
export async function checkEventRules(client: EventBridgeClient, input: EventRulesInput): Promise<CheckResult[]> {
  const redeploy = `redeploy the stage: npx osls deploy --stage ${input.stage}`;
  const ownPrefix = `${input.prefix}-`;
  let defaultRules: Rule[];
  let busRules: Rule[];
  try {
    defaultRules = (await listRules(client, ownPrefix)).filter((rule) => rule.Name?.startsWith(ownPrefix));
  } catch (error) {
    return [
      fail(
        CHECK,
        `cannot list rules: ${errorText(error)}`,
        'allow these credentials events:ListRules and events:ListTargetsByRule',
      ),
    ];
  }
  try {
    busRules = await listRules(client, undefined, input.eventBusName);
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      return [fail(CHECK, `event bus ${input.eventBusName} does not exist`, redeploy)];
    }
    return [
      fail(
        CHECK,
        `cannot list rules of ${input.eventBusName}: ${errorText(error)}`,
        'allow these credentials events:ListRules on the bus',
      ),
    ];
  }

  const results: CheckResult[] = [];
  if (!defaultRules.some(carriesCloudTrail)) {
    results.push(
      fail(
        CHECK,
        `no ${ownPrefix}* rule on the default bus carries CloudTrail events: this account's changes never reach detect`,
        redeploy,
      ),
    );
  }
  if (!busRules.some(carriesCloudTrail)) {
    results.push(
      fail(
        CHECK,
        `no rule on ${input.eventBusName} carries forwarded CloudTrail events: member accounts' changes never reach detect`,
        redeploy,
      ),
    );
  }
  if (!busRules.some(carriesActionRequests)) {
    results.push(
      fail(
        CHECK,
        `no rule on ${input.eventBusName} carries "${WardenDetailType.ActionRequested}": approved actions never reach execute`,
        redeploy,
      ),
    );
  }
  for (const rule of [...defaultRules, ...busRules]) {
    const onBus = rule.EventBusName && rule.EventBusName !== 'default' ? ` --event-bus-name ${rule.EventBusName}` : '';
    if (rule.State !== 'ENABLED') {
      results.push(
        fail(
          CHECK,
          `${rule.Name} is ${rule.State ?? 'in an unknown state'}`,
          `aws events enable-rule --name ${rule.Name}${onBus}`,
        ),
      );
      continue;
    }
    try {
      if ((await targetCount(client, rule)) === 0) results.push(fail(CHECK, `${rule.Name} has no target`, redeploy));
    } catch (error) {
      results.push(
        fail(
          CHECK,
          `cannot list targets of ${rule.Name}: ${errorText(error)}`,
          'allow these credentials events:ListTargetsByRule',
        ),
      );
    }
  }
  if (results.length === 0) {
    results.push(
      pass(
        CHECK,
        `${defaultRules.length} on the default bus, ${busRules.length} on ${input.eventBusName}; all enabled with targets`,
      ),
    );
  }
  return results;
}
