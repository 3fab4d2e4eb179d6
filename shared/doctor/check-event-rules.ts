import {
  type EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  ResourceNotFoundException,
  type Rule,
} from '@aws-sdk/client-eventbridge';
import { type CheckResult, errorText, fail, pass } from './check-result.js';

const CHECK = 'event-rules';

export interface EventRulesInput {
  readonly stage: string;
  /** Every rule of the stage is named `<prefix>-…` (`warden-<stage>-…`). */
  readonly prefix: string;
  /** Rules carrying CloudTrail events to detect on the default bus start with this. */
  readonly cloudTrailRulePrefix: string;
  /** Warden's own bus (action requests → execute). */
  readonly eventBusName: string;
}

async function listRules(client: EventBridgeClient, prefix: string, eventBusName?: string): Promise<Rule[]> {
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

async function targetCount(client: EventBridgeClient, rule: Rule): Promise<number> {
  const { Targets } = await client.send(
    new ListTargetsByRuleCommand({
      Rule: rule.Name,
      ...(rule.EventBusName && rule.EventBusName !== 'default' ? { EventBusName: rule.EventBusName } : {}),
    }),
  );
  return Targets?.length ?? 0;
}

/**
 * The stage's EventBridge rules exist on the default bus (CloudTrail events →
 * detect, the daily sweep) and on Warden's bus, each ENABLED with a target.
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
    busRules = await listRules(client, '', input.eventBusName);
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
  if (!defaultRules.some((rule) => rule.Name?.startsWith(input.cloudTrailRulePrefix))) {
    results.push(
      fail(
        CHECK,
        `no rule ${input.cloudTrailRulePrefix}* on the default bus: CloudTrail events never reach detect`,
        redeploy,
      ),
    );
  }
  if (busRules.length === 0) {
    results.push(
      fail(CHECK, `no rule on the bus ${input.eventBusName}: action requests never reach execute`, redeploy),
    );
  }
  for (const rule of [...defaultRules, ...busRules]) {
    const where = rule.EventBusName && rule.EventBusName !== 'default' ? ` --event-bus-name ${rule.EventBusName}` : '';
    if (rule.State !== 'ENABLED') {
      results.push(
        fail(
          CHECK,
          `${rule.Name} is ${rule.State ?? 'in an unknown state'}`,
          `aws events enable-rule --name ${rule.Name}${where}`,
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
