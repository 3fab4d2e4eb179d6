import { EVENT_SOURCE, type EventName } from '../../shared/cloudtrail/event-names.js';
import { CATALOGUE } from '../../shared/rules/catalogue.js';
import { ANY_EVENT, type Rule } from '../../shared/rules/support/define-rule.js';
import { SNAPSHOT_WRITE_EVENTS } from '../../shared/snapshot/snapshot-writes.js';

/**
 * EventBridge patterns that carry CloudTrail events to functions/detect,
 * generated from the rule catalogue (one source of truth): each rule's `on`
 * names (and the writes the document snapshot follows, such as DeleteGroup,
 * which no rule needs), grouped by the service that emits them, plus one pattern for root
 * activity in any service when a rule listens to every event.
 *
 * The same patterns are used on the hub's default bus, on Warden's own bus
 * (events forwarded from member accounts and other regions) and by the
 * forwarding rules of infra/member-account.yml.
 *
 * Where events arrive: IAM, STS and other global services deliver their
 * CloudTrail events to EventBridge in us-east-1 only; CloudTrail, Lambda,
 * EventBridge and sign-in events arrive in the region where the call was
 * made — hence forwarding from every region.
 */

/** The EventBridge `detail-type` of CloudTrail-delivered events Warden reads. */
export const CloudTrailDetailType = {
  ApiCall: 'AWS API Call via CloudTrail',
  ConsoleSignIn: 'AWS Console Sign In via CloudTrail',
} as const;

export type CloudTrailDetailType = (typeof CloudTrailDetailType)[keyof typeof CloudTrailDetailType];

/** An EventBridge event pattern (the subset Warden writes). */
export interface EventPattern {
  readonly source?: readonly string[];
  readonly 'detail-type': readonly string[];
  readonly account?: readonly string[];
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface NamedEventPattern {
  /** Stable short id (`iam`, `signin`, `root`, …), used in rule names and logical ids. */
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
}

/** The EventBridge `source` of a CloudTrail `eventSource`: `iam.amazonaws.com` → `aws.iam`. */
export function eventBridgeSource(eventSource: string): string {
  const service = eventSource.split('.')[0] ?? eventSource;
  return `aws.${service}`;
}

/** The EventBridge `detail-type` of a CloudTrail event name (sign-in events have their own). */
export function detailTypeOf(eventName: string): CloudTrailDetailType {
  return eventName === 'ConsoleLogin' ? CloudTrailDetailType.ConsoleSignIn : CloudTrailDetailType.ApiCall;
}

/** The short id of a pattern for a service: `aws.iam` → `iam`. */
function patternId(source: string): string {
  return source.replace(/^aws\./, '').replace(/[^a-z0-9]/gi, '');
}

/** Every event name some rule listens to, sorted; ANY_EVENT rules contribute none. */
export function catalogueEventNames(rules: readonly Rule[] = CATALOGUE): EventName[] {
  const names = new Set<EventName>();
  for (const rule of rules) if (rule.on !== ANY_EVENT) for (const name of rule.on) names.add(name);
  return [...names].sort();
}

/** Every event name detect must receive: the catalogue's and the snapshot's (snapshot-writes.ts), sorted. */
export function detectEventNames(
  rules: readonly Rule[] = CATALOGUE,
  followed: readonly EventName[] = SNAPSHOT_WRITE_EVENTS,
): EventName[] {
  return [...new Set([...catalogueEventNames(rules), ...followed])].sort();
}

/**
 * The patterns for a catalogue: one per (service, detail-type) with the exact
 * event names, and `root` (any source, identity type Root) when a rule
 * listens to every event. Deterministic: sorted ids and names.
 */
export function cloudTrailEventPatterns(
  rules: readonly Rule[] = CATALOGUE,
  followed: readonly EventName[] = SNAPSHOT_WRITE_EVENTS,
): NamedEventPattern[] {
  const groups = new Map<string, { source: string; eventSource: string; detailType: string; names: Set<string> }>();
  for (const name of detectEventNames(rules, followed)) {
    const eventSource = EVENT_SOURCE[name];
    const source = eventBridgeSource(eventSource);
    const detailType = detailTypeOf(name);
    const key = `${source}\n${detailType}`;
    let group = groups.get(key);
    if (!group) {
      group = { source, eventSource, detailType, names: new Set() };
      groups.set(key, group);
    }
    group.names.add(name);
  }
  const patterns: NamedEventPattern[] = [...groups.values()].map((group) => ({
    id: patternId(group.source),
    description: `CloudTrail ${group.eventSource} calls the rule catalogue listens to (${group.names.size})`,
    pattern: {
      source: [group.source],
      'detail-type': [group.detailType],
      detail: { eventSource: [group.eventSource], eventName: [...group.names].sort() },
    },
  }));
  if (rules.some((rule) => rule.on === ANY_EVENT)) {
    patterns.push({
      id: 'root',
      description: 'any call or sign-in by the root user, in any service',
      pattern: {
        'detail-type': [CloudTrailDetailType.ApiCall, CloudTrailDetailType.ConsoleSignIn],
        detail: { userIdentity: { type: ['Root'] } },
      },
    });
  }
  const ids = patterns.map((entry) => entry.id);
  if (new Set(ids).size !== ids.length) throw new Error(`duplicate EventBridge pattern ids: ${ids.join(', ')}`);
  return patterns.sort((a, b) => a.id.localeCompare(b.id));
}
