import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { WardenError } from '../errors/warden-error.js';
import { canTransition, IN_PROGRESS_STATUSES } from '../model/action-status.js';
import {
  ACTIONS_BY_FINDING_INDEX,
  actionKey,
  actionsByFindingKey,
  actionsByFindingPartition,
  auditKey,
  auditQuery,
  autoActionCounterKey,
  eventClaimKey,
  findingKey,
  type ItemKey,
  notificationKey,
  PARTITION_KEY,
  slackRequestKey,
  SORT_KEY,
  suppressionKey,
  sweepItemKey,
  sweepItemsPartition,
  threadKey,
  TTL_ATTRIBUTE,
} from './keys.js';
import type { ActionRecord, FindingRecord, FindingStatus } from '../model/records.js';
import type {
  ActionTransition,
  AuditEntry,
  FirstApprovalInput,
  NewAction,
  NewFinding,
  NewSuppression,
  PriorStateInput,
  SuppressionRecord,
  SweepItemRecord,
  SweepStore,
  ThreadClaim,
  ThreadRecord,
  TransitionOutcome,
  TransitionRefusal,
  WardenStore,
} from './store.js';

/** An accepted change: the next record (its version is set by the loop) and its audit entry. */
interface ActionUpdate {
  readonly next: Omit<ActionRecord, 'version'>;
  readonly audit: Omit<AuditEntry, 'actionId' | 'seq' | 'from'>;
}

export interface DynamoDbStoreOptions {
  /** A document client made with {@link createDocumentClient} (or the same marshall options). */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: () => Date;
}

/** Wraps a DynamoDB client the way the store expects (undefined fields are left out). */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}

/** Attributes that exist only for DynamoDB (keys, index keys, TTL, item kind); never part of a record. */
const STORAGE_ATTRIBUTES = [
  PARTITION_KEY,
  SORT_KEY,
  ACTIONS_BY_FINDING_INDEX.partitionKey,
  ACTIONS_BY_FINDING_INDEX.sortKey,
  TTL_ATTRIBUTE,
  'entity',
] as const;

/** Optimistic retries of a transition when another writer changed the action in between. */
const MAX_TRANSITION_ATTEMPTS = 5;

type Item = Record<string, unknown>;

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function recordOf<T>(item: Item): T {
  const record: Item = { ...item };
  for (const attribute of STORAGE_ATTRIBUTES) delete record[attribute];
  return record as T;
}

/** A single conditional write that lost: the condition failed (or a concurrent transaction won). */
function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof TransactionCanceledException) {
    const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
    return codes.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict');
  }
  return false;
}

/** {@link WardenStore} on the single table of `infra/table.yml`. */
export class DynamoDbStore implements WardenStore, SweepStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: () => Date;

  constructor(options: DynamoDbStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock;
  }

  claimEvent(eventId: string, ruleId: string, ttlSeconds: number): Promise<boolean> {
    return this.claim(eventClaimKey(eventId, ruleId), ttlSeconds, { entity: 'event-claim', eventId, ruleId });
  }

  claimSlackRequest(digest: string, ttlSeconds: number): Promise<boolean> {
    return this.claim(slackRequestKey(digest), ttlSeconds, { entity: 'slack-request' });
  }

  async putFinding(record: NewFinding): Promise<boolean> {
    const { createdAt, status, ...finding } = record;
    const item: Item = {
      ...findingKey(record.id),
      entity: 'finding',
      ...finding,
      status: status ?? 'open',
      createdAt: (createdAt ?? this.clock()).toISOString(),
    };
    return this.putIfAbsent(item);
  }

  async getFinding(id: string): Promise<FindingRecord | undefined> {
    const item = await this.get(findingKey(id));
    return item && recordOf<FindingRecord>(item);
  }

  setFindingSlackRef(id: string, channel: string, ts: string): Promise<boolean> {
    return this.setIfExists(findingKey(id), 'slack', { channel, ts });
  }

  setFindingStatus(id: string, status: FindingStatus): Promise<boolean> {
    return this.setIfExists(findingKey(id), 'status', status);
  }

  async createAction(input: NewAction): Promise<{ created: boolean; action: ActionRecord }> {
    const { by = 'warden', approvalExpiresAt, ...fields } = input;
    const now = this.clock().toISOString();
    const action = {
      ...fields,
      createdAt: now,
      ...(approvalExpiresAt ? { approvalExpiresAt: approvalExpiresAt.toISOString() } : {}),
      changedBy: by,
      changedAt: now,
      version: 0,
    } as ActionRecord;
    const audit: AuditEntry = { actionId: action.id, seq: 0, at: now, by, to: action.status };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: this.actionItem(action),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: this.auditItem(audit),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { created: true, action };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getAction(action.id);
      if (!existing)
        throw new WardenError('store-conflict', `action ${action.id} could not be created`, { cause: error });
      return { created: false, action: existing };
    }
  }

  async getAction(id: string): Promise<ActionRecord | undefined> {
    const item = await this.get(actionKey(id));
    return item && recordOf<ActionRecord>(item);
  }

  async listActions(findingId: string): Promise<ActionRecord[]> {
    const items = await this.query({
      IndexName: ACTIONS_BY_FINDING_INDEX.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': ACTIONS_BY_FINDING_INDEX.partitionKey },
      ExpressionAttributeValues: { ':pk': actionsByFindingPartition(findingId) },
    });
    return items.map((item) => recordOf<ActionRecord>(item));
  }

  async transitionAction(id: string, transition: ActionTransition): Promise<TransitionOutcome> {
    const from: readonly string[] = typeof transition.from === 'string' ? [transition.from] : transition.from;
    const at = (transition.at ?? this.clock()).toISOString();
    return this.updateAction(id, `transition to ${transition.to}`, (current) => {
      if (!from.includes(current.status)) return 'status-mismatch';
      if (transition.version !== undefined && current.version !== transition.version) return 'status-mismatch';
      // Re-claiming an in-progress action is allowed only once the holder's lease has passed.
      if (current.status === transition.to && (current.leaseExpiresAt ?? '') > at) return 'lease-held';
      if (!canTransition(current.status, transition.to)) return 'illegal-transition';
      if (transition.to === 'approved' && current.approvalExpiresAt !== undefined && current.approvalExpiresAt <= at) {
        return 'approval-expired';
      }
      if (
        transition.requireFirstApprovalByAnother &&
        (!current.firstApproval || current.firstApproval.by === transition.by)
      ) {
        return 'second-approver-required';
      }
      // A first approval belongs to the status it was given in; a lease to its claim.
      const { result: _result, reason: _reason, leaseExpiresAt: _lease, firstApproval: _first, ...kept } = current;
      return {
        next: {
          ...kept,
          status: transition.to,
          ...(transition.leaseUntil ? { leaseExpiresAt: transition.leaseUntil.toISOString() } : {}),
          ...(transition.priorState ? { priorState: transition.priorState } : {}),
          ...(transition.result !== undefined ? { result: transition.result } : {}),
          ...(transition.reason !== undefined ? { reason: transition.reason } : {}),
          changedBy: transition.by,
          changedAt: at,
        },
        audit: { at, by: transition.by, to: transition.to, result: transition.result, reason: transition.reason },
      };
    });
  }

  async recordFirstApproval(id: string, approval: FirstApprovalInput): Promise<TransitionOutcome> {
    const at = (approval.at ?? this.clock()).toISOString();
    const reason = 'first approval; a second, different approver is needed';
    return this.updateAction(id, 'first approval', (current) => {
      if (!approval.from.includes(current.status)) return 'status-mismatch';
      if (!canTransition(current.status, 'approved')) return 'illegal-transition';
      if (current.approvalExpiresAt !== undefined && current.approvalExpiresAt <= at) return 'approval-expired';
      if (current.firstApproval) return 'first-approval-recorded';
      const { result: _result, reason: _reason, ...kept } = current;
      return {
        next: { ...kept, firstApproval: { by: approval.by, at }, reason, changedBy: approval.by, changedAt: at },
        audit: { at, by: approval.by, to: current.status, reason },
      };
    });
  }

  async recordPriorState(id: string, input: PriorStateInput): Promise<TransitionOutcome> {
    const at = (input.at ?? this.clock()).toISOString();
    const reason = 'prior state recorded before changing IAM';
    return this.updateAction(id, 'prior state', (current) => {
      if (!IN_PROGRESS_STATUSES.has(current.status) || current.version !== input.version) return 'status-mismatch';
      // Status and lease stay: the claim is the same, now with what it is about to replace.
      const { result: _result, reason: _reason, ...kept } = current;
      return {
        next: { ...kept, priorState: input.priorState, reason, changedBy: input.by, changedAt: at },
        audit: { at, by: input.by, to: current.status, reason },
      };
    });
  }

  /**
   * The one read-check-write loop of every action change: `change` checks the
   * current record (a refusal ends the loop) and gives the next record and its
   * audit entry; the write is conditional on the status and version read, and
   * is retried on a lost race (the next read decides again).
   */
  private async updateAction(
    id: string,
    what: string,
    change: (current: ActionRecord) => Exclude<TransitionRefusal, 'not-found'> | ActionUpdate,
  ): Promise<TransitionOutcome> {
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_TRANSITION_ATTEMPTS; attempt += 1) {
      const current = await this.getAction(id);
      if (!current) return { ok: false, reason: 'not-found' };
      const update = change(current);
      if (typeof update === 'string') return { ok: false, reason: update, current };
      const seq = current.version + 1;
      const next = { ...update.next, version: seq } as ActionRecord;
      const audit: AuditEntry = { ...update.audit, actionId: id, seq, from: current.status };
      const written = await this.writeVersioned(current, next, audit);
      if (written === 'written') return { ok: true, action: next };
      lastError = written.error;
    }
    throw new WardenError('store-conflict', `action ${id} kept changing; ${what} not recorded`, { cause: lastError });
  }

  /** Replaces the action if it is still at `current`'s status and version, atomically with its audit entry. */
  private async writeVersioned(
    current: ActionRecord,
    next: ActionRecord,
    audit: AuditEntry,
  ): Promise<'written' | { readonly error: unknown }> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: this.actionItem(next),
                ConditionExpression: '#status = :status AND #version = :version',
                ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
                ExpressionAttributeValues: { ':status': current.status, ':version': current.version },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: this.auditItem(audit),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'written';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { error };
    }
  }

  async listAudit(actionId: string): Promise<AuditEntry[]> {
    const { pk, skPrefix } = auditQuery(actionId);
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ConsistentRead: true,
    });
    return items.map((item) => recordOf<AuditEntry>(item));
  }

  async putSuppression(input: NewSuppression): Promise<SuppressionRecord> {
    const record: SuppressionRecord = {
      ruleId: input.ruleId,
      actorKey: input.actorKey,
      targetKey: input.targetKey,
      until: input.until.toISOString(),
      by: input.by,
      reason: input.reason,
      createdAt: this.clock().toISOString(),
    };
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...suppressionKey(input.ruleId, input.actorKey, input.targetKey),
          entity: 'suppression',
          ...record,
          // Kept a day past `until` so a lookup near the end still sees it; TTL deletion is lazy anyway.
          expiresAt: epochSeconds(input.until) + 24 * 3600,
        },
      }),
    );
    return record;
  }

  async findSuppression(
    ruleId: string,
    actorKey: string,
    targetKey: string,
    now: Date,
  ): Promise<SuppressionRecord | undefined> {
    const item = await this.get(suppressionKey(ruleId, actorKey, targetKey));
    if (!item) return undefined;
    const record = recordOf<SuppressionRecord>(item);
    return record.until > now.toISOString() ? record : undefined;
  }

  claimNotification(ruleId: string, actorKey: string, targetKey: string, windowSeconds: number): Promise<boolean> {
    return this.claim(notificationKey(ruleId, actorKey, targetKey), windowSeconds, {
      entity: 'notification',
      ruleId,
      actorKey,
      targetKey,
    });
  }

  async incrementAutoActions(account: string, now: Date): Promise<number> {
    const hourEnd = new Date(now);
    hourEnd.setUTCMinutes(60, 0, 0);
    const output = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: autoActionCounterKey(account, now),
        UpdateExpression: 'ADD #count :one SET #entity = :entity, #account = :account, #expiresAt = :expiresAt',
        ExpressionAttributeNames: {
          '#count': 'count',
          '#entity': 'entity',
          '#account': 'account',
          '#expiresAt': 'expiresAt',
        },
        ExpressionAttributeValues: {
          ':one': 1,
          ':entity': 'auto-action-counter',
          ':account': account,
          ':expiresAt': epochSeconds(hourEnd) + 3 * 3600,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const count = output.Attributes?.['count'];
    if (typeof count !== 'number')
      throw new WardenError('store-invalid', 'auto-action counter did not return a number');
    return count;
  }

  async claimThread(key: string, findingId: string, ttlSeconds: number): Promise<ThreadClaim> {
    const createdAt = this.clock().toISOString();
    if (await this.claim(threadKey(key), ttlSeconds, { entity: 'thread', key, findingId, createdAt })) {
      return { claimed: true };
    }
    const thread = await this.getThread(key);
    if (!thread) throw new WardenError('store-conflict', 'thread claim lost but no thread found');
    return { claimed: false, thread };
  }

  async getThread(key: string): Promise<ThreadRecord | undefined> {
    const item = await this.get(threadKey(key));
    if (!item || (item['expiresAt'] as number) <= epochSeconds(this.clock())) return undefined;
    return recordOf<ThreadRecord>(item);
  }

  async listSweepItems(account: string): Promise<SweepItemRecord[]> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': sweepItemsPartition(account) },
      ConsistentRead: true,
    });
    return items.map((item) => recordOf<SweepItemRecord>(item));
  }

  async putSweepItem(record: SweepItemRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...sweepItemKey(record.account, record.itemKey), entity: 'sweep-item', ...record },
      }),
    );
  }

  /**
   * Conditional put of a short-lived item: succeeds when there is none, or the
   * stored one has expired (TTL deletion can lag by hours, so expiry is checked here).
   */
  private async claim(key: ItemKey, ttlSeconds: number, attributes: Item): Promise<boolean> {
    const now = epochSeconds(this.clock());
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, ...attributes, expiresAt: now + ttlSeconds },
          ConditionExpression: 'attribute_not_exists(pk) OR #expiresAt <= :now',
          ExpressionAttributeNames: { '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async putIfAbsent(item: Item): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async setIfExists(key: ItemKey, attribute: string, value: unknown): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #attribute = :value',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#attribute': attribute },
          ExpressionAttributeValues: { ':value': value },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async get(key: ItemKey): Promise<Item | undefined> {
    const output = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return output.Item;
  }

  private async query(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(output.Items ?? []));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  private actionItem(action: ActionRecord): Item {
    return {
      ...actionKey(action.id),
      ...actionsByFindingKey(action.findingId, action.createdAt, action.id),
      entity: 'action',
      ...action,
    };
  }

  private auditItem(entry: AuditEntry): Item {
    return { ...auditKey(entry.actionId, entry.seq), entity: 'audit', ...entry };
  }
}
