/**
 * Every DynamoDB key Warden writes is built here, and nowhere else.
 *
 * One table (`infra/table.yml`), string keys `pk` / `sk`, one global secondary
 * index `gsi1` (`gsi1pk` / `gsi1sk`) listing the actions of a finding, and TTL on
 * `expiresAt` (epoch seconds) for the short-lived items: event claims,
 * notification windows, rate counters, suppressions and root-session threads.
 *
 * | item                  | pk                                   | sk                        |
 * |-----------------------|--------------------------------------|---------------------------|
 * | finding               | `FINDING#<findingId>`                | `FINDING`                 |
 * | action                | `ACTION#<actionId>`                  | `ACTION`                  |
 * | audit of an action    | `ACTION#<actionId>`                  | `AUDIT#<seq, 6 digits>`   |
 * | event claim (dedupe)  | `EVENT#<eventId>`                    | `RULE#<ruleId>`           |
 * | suppression           | `SUPPRESSION#<ruleId>`               | `<actorKey>#<targetKey>`  |
 * | notification window   | `NOTIFY#<ruleId>#<actor>#<target>`   | `NOTIFY`                  |
 * | auto-action counter   | `RATE#<account>`                     | `HOUR#<yyyy-mm-ddThh>`    |
 * | thread (root session) | `THREAD#<correlationKey>`            | `THREAD`                  |
 * | sweep item            | `SWEEP#<account>`                    | `ITEM#<itemKey>`          |
 * | organisation facts    | `ORGANIZATION`                       | `FACTS`                   |
 * | trail facts           | `TRAILS`                             | `ACCOUNT#<account>`       |
 * | snapshot: trust       | `SNAP#<account>`                     | `TRUST#<role>`            |
 * | snapshot: inline      | `SNAP#<account>`                     | `INLINE#<kind>#<principal>#<policy>` |
 *
 * GSI `gsi1`: actions carry `gsi1pk = FINDING#<findingId>`, `gsi1sk = ACTION#<createdAt>#<actionId>`,
 * so the Slack message of a finding can be re-rendered with the state of all its actions.
 *
 * Snapshot keys lower-case IAM names (unique regardless of case), so every
 * spelling of a name finds the same document.
 *
 * Caller-supplied parts are escaped (`%` → `%25`, `#` → `%23`), so a part can never
 * forge another item's key.
 */

export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
export const TTL_ATTRIBUTE = 'expiresAt';

export const ACTIONS_BY_FINDING_INDEX = {
  indexName: 'gsi1',
  partitionKey: 'gsi1pk',
  sortKey: 'gsi1sk',
} as const;

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export interface ActionsByFindingKey {
  readonly gsi1pk: string;
  readonly gsi1sk: string;
}

const SEPARATOR = '#';
const AUDIT_PREFIX = 'AUDIT#';
const AUDIT_SEQ_WIDTH = 6;

/** Escapes one caller-supplied key part so it cannot contain the separator. */
function part(value: string): string {
  return value.replace(/%/g, '%25').replace(/#/g, '%23');
}

function join(...parts: string[]): string {
  return parts.join(SEPARATOR);
}

export function findingKey(findingId: string): ItemKey {
  return { pk: join('FINDING', part(findingId)), sk: 'FINDING' };
}

export function actionKey(actionId: string): ItemKey {
  return { pk: join('ACTION', part(actionId)), sk: 'ACTION' };
}

/** Index key listing a finding's actions in creation order. */
export function actionsByFindingKey(findingId: string, createdAt: string, actionId: string): ActionsByFindingKey {
  return { gsi1pk: actionsByFindingPartition(findingId), gsi1sk: join('ACTION', createdAt, part(actionId)) };
}

export function actionsByFindingPartition(findingId: string): string {
  return join('FINDING', part(findingId));
}

/** Audit entry `seq` of an action (0 = creation); sorts in transition order. */
export function auditKey(actionId: string, seq: number): ItemKey {
  return { pk: actionKey(actionId).pk, sk: AUDIT_PREFIX + String(seq).padStart(AUDIT_SEQ_WIDTH, '0') };
}

/** The partition and sort-key prefix that select every audit entry of an action. */
export function auditQuery(actionId: string): { readonly pk: string; readonly skPrefix: string } {
  return { pk: actionKey(actionId).pk, skPrefix: AUDIT_PREFIX };
}

/** Dedupe of at-least-once delivery: one claim per (event id, rule id). */
export function eventClaimKey(eventId: string, ruleId: string): ItemKey {
  return { pk: join('EVENT', part(eventId)), sk: join('RULE', part(ruleId)) };
}

/** One signed Slack request (a digest of its timestamp and body): a replay finds it taken. */
export function slackRequestKey(digest: string): ItemKey {
  return { pk: join('SLACKREQ', part(digest)), sk: 'REQUEST' };
}

export function suppressionKey(ruleId: string, actorKey: string, targetKey: string): ItemKey {
  return { pk: join('SUPPRESSION', part(ruleId)), sk: join(part(actorKey), part(targetKey)) };
}

/** The notification dedupe window per (rule, actor, target). */
export function notificationKey(ruleId: string, actorKey: string, targetKey: string): ItemKey {
  return { pk: join('NOTIFY', part(ruleId), part(actorKey), part(targetKey)), sk: 'NOTIFY' };
}

/** The automatic-action counter of one account for the UTC hour containing `at`. */
export function autoActionCounterKey(account: string, at: Date): ItemKey {
  return { pk: join('RATE', part(account)), sk: join('HOUR', at.toISOString().slice(0, 13)) };
}

/** Groups findings into one Slack thread (e.g. every call of one root session). */
export function threadKey(correlationKey: string): ItemKey {
  return { pk: join('THREAD', part(correlationKey)), sk: 'THREAD' };
}

/** One hygiene-sweep item (a stale key, a user without MFA…) of an account, with its last report. */
export function sweepItemKey(account: string, itemKey: string): ItemKey {
  return { pk: sweepItemsPartition(account), sk: join('ITEM', part(itemKey)) };
}

/** The partition holding every sweep item of an account. */
export function sweepItemsPartition(account: string): string {
  return join('SWEEP', part(account));
}

/** The one item holding what the sweep last read from Organizations (id, member accounts, when). */
export function organizationFactsKey(): ItemKey {
  return { pk: 'ORGANIZATION', sk: 'FACTS' };
}

/** The partition holding every account's trail facts (one Query reads them all). */
export const TRAIL_FACTS_PARTITION = 'TRAILS';

/** What the sweep last read of one account's trails (DescribeTrails: their buckets, when). */
export function trailFactsKey(account: string): ItemKey {
  return { pk: TRAIL_FACTS_PARTITION, sk: join('ACCOUNT', part(account)) };
}

/** Every snapshot partition starts so (the sweep's DeleteItem grant is limited to these keys). */
export const SNAPSHOT_PARTITION_PREFIX = 'SNAP#';

/** The partition holding every document of an account's IAM snapshot. */
export function snapshotPartition(account: string): string {
  return SNAPSHOT_PARTITION_PREFIX + part(account);
}

/** A role's trust policy in the snapshot. */
export function snapshotTrustKey(account: string, roleName: string): ItemKey {
  return { pk: snapshotPartition(account), sk: join('TRUST', part(roleName.toLowerCase())) };
}

/** An inline policy of a user, group or role in the snapshot. */
export function snapshotInlineKey(account: string, kind: string, principalName: string, policyName: string): ItemKey {
  return {
    pk: snapshotPartition(account),
    sk: snapshotInlinePrefix(kind, principalName) + part(policyName.toLowerCase()),
  };
}

/** The sort-key prefix of every inline policy of one principal (ends with the separator: no other name matches). */
export function snapshotInlinePrefix(kind: string, principalName: string): string {
  return join('INLINE', part(kind), part(principalName.toLowerCase()), '');
}
