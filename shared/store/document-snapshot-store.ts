import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { PrincipalKind } from '../model/action-kinds.js';
import { WardenError } from '../errors/warden-error.js';
import type { SnapshotChange, SnapshotRef } from '../snapshot/snapshot-writes.js';
import { type ItemKey, snapshotInlineKey, snapshotInlinePrefix, snapshotPartition, snapshotTrustKey } from './keys.js';

/**
 * The IAM document snapshot (DESIGN §2): one item per role trust policy and per
 * inline policy of a user, group or role, in Warden's table (encrypted at rest,
 * infra/table.yml). One item per document rather than one blob per account:
 * detect reads only the documents an event names, every write is conditional
 * on its own item, and each item stays far below DynamoDB's 400 KB (trust
 * policies ≤ 4 KB, inline policies ≤ 10 KB as compact JSON; not compressed).
 *
 * Ordering: an item remembers the write that set it — the event (`eventId`,
 * event time) or the sweep (its read's start and end) — and an older write
 * never overwrites a newer one. It also keeps the document before that write
 * (`previous`), so a redelivered event still sees the document as it was
 * before it, never its own after-state.
 */

export interface SnapshotEntry {
  readonly ref: SnapshotRef;
  /** Compact JSON text; absent when the document was deleted. */
  readonly document?: string;
  /** Epoch milliseconds of the write that set it: the event time, or when the sweep's read began. */
  readonly at: number;
  /** Sweep entries: when the read ended (the document may reflect any write up to then). */
  readonly readUntil?: number;
  /** The event that set it (absent for the sweep). */
  readonly eventId?: string;
  /** The document before that event (absent: none, or not known). */
  readonly previous?: string;
  readonly previousEventId?: string;
  /** Changes with every write; the condition of the next one. */
  readonly revision: string;
}

/** The write an event makes: its id and time. */
export interface SnapshotStamp {
  readonly eventId: string;
  /** ISO-8601 (CloudTrail `eventTime`). */
  readonly eventTime: string;
}

export type SnapshotWriteOutcome = 'applied' | 'already-applied' | 'stale';

export interface SweptDocument {
  readonly ref: SnapshotRef;
  readonly document: string;
}

export interface SnapshotReplaceOutcome {
  readonly written: number;
  readonly unchanged: number;
  /** Entries a write newer than the read had set, left as they are. */
  readonly kept: number;
  readonly removed: number;
}

export interface DocumentSnapshotStore {
  get(account: string, ref: SnapshotRef): Promise<SnapshotEntry | undefined>;
  /** Applies one change of a successful event; one outcome per document it touched. */
  apply(account: string, change: SnapshotChange, stamp: SnapshotStamp): Promise<SnapshotWriteOutcome[]>;
  /**
   * The sweep's full read of an account: writes every document read, and
   * removes entries it did not see, unless an event newer than the read set them.
   */
  replaceAccount(
    account: string,
    documents: readonly SweptDocument[],
    read: { readonly startedAt: Date; readonly endedAt: Date },
  ): Promise<SnapshotReplaceOutcome>;
}

/**
 * The document as it was before the event `stamp` names, from the entry read
 * for it; undefined when there was none or it cannot be known (a newer write
 * is already in, or the sweep's read overlapped the event).
 */
export function documentBefore(entry: SnapshotEntry | undefined, stamp: SnapshotStamp): string | undefined {
  if (!entry) return undefined;
  if (entry.eventId === stamp.eventId) return entry.previous;
  const time = Date.parse(stamp.eventTime);
  if (!Number.isFinite(time) || entry.at > time) return undefined;
  if (entry.readUntil !== undefined && entry.readUntil > time) return undefined;
  return entry.document;
}

export interface DynamoDbDocumentSnapshotStoreOptions {
  /** The document client of dynamodb-store.ts (createDocumentClient). */
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Optimistic retries when another writer changed the item between read and write. */
const MAX_ATTEMPTS = 5;
/** Deleted markers stop an older, late event from bringing a document back; past redelivery they may go. */
const DELETED_MARKER_TTL_SECONDS = 30 * 24 * 3600;
/** Parallel writes of a sweep replace. */
const SWEEP_WRITE_BATCH = 10;

type Item = Record<string, unknown>;

export class DynamoDbDocumentSnapshotStore implements DocumentSnapshotStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoDbDocumentSnapshotStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async get(account: string, ref: SnapshotRef): Promise<SnapshotEntry | undefined> {
    const output = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(account, ref), ConsistentRead: true }),
    );
    return output.Item ? entryOf(output.Item) : undefined;
  }

  async apply(account: string, change: SnapshotChange, stamp: SnapshotStamp): Promise<SnapshotWriteOutcome[]> {
    switch (change.type) {
      case 'set':
        return [await this.write(account, change.ref, change.document, stamp)];
      case 'delete':
        return [await this.write(account, change.ref, undefined, stamp)];
      case 'delete-principal': {
        const refs = await this.principalRefs(account, change.principalKind, change.principalName);
        const outcomes: SnapshotWriteOutcome[] = [];
        for (const ref of refs) outcomes.push(await this.write(account, ref, undefined, stamp));
        return outcomes;
      }
    }
  }

  async replaceAccount(
    account: string,
    documents: readonly SweptDocument[],
    read: { readonly startedAt: Date; readonly endedAt: Date },
  ): Promise<SnapshotReplaceOutcome> {
    const startedAt = read.startedAt.getTime();
    const existing = new Map<string, SnapshotEntry>();
    for (const item of await this.query(snapshotPartition(account))) existing.set(String(item['sk']), entryOf(item));
    const seen = new Set<string>();
    let written = 0;
    let unchanged = 0;
    let kept = 0;
    let removed = 0;

    const tasks: (() => Promise<void>)[] = [];
    for (const { ref, document } of documents) {
      const key = keyOf(account, ref);
      seen.add(key.sk);
      const current = existing.get(key.sk);
      if (current && current.at >= startedAt) {
        kept += 1;
        continue;
      }
      // Same document: nothing to learn, and daily rewrites of every document would cost writes.
      if (current?.document === document) {
        unchanged += 1;
        continue;
      }
      tasks.push(async () => {
        const item: Item = {
          ...key,
          entity: 'snapshot-document',
          ref,
          document,
          at: startedAt,
          readUntil: read.endedAt.getTime(),
          revision: randomUUID(),
        };
        if (await this.conditional(new PutCommand({ TableName: this.tableName, Item: item, ...olderThan(startedAt) })))
          written += 1;
        else kept += 1;
      });
    }
    for (const [sk, entry] of existing) {
      if (seen.has(sk)) continue;
      if (entry.at >= startedAt) {
        kept += 1;
        continue;
      }
      tasks.push(async () => {
        const deleted = await this.conditional(
          new DeleteCommand({ TableName: this.tableName, Key: keyOf(account, entry.ref), ...olderThan(startedAt) }),
        );
        if (deleted) removed += 1;
        else kept += 1;
      });
    }
    for (let index = 0; index < tasks.length; index += SWEEP_WRITE_BATCH) {
      await Promise.all(tasks.slice(index, index + SWEEP_WRITE_BATCH).map((task) => task()));
    }
    return { written, unchanged, kept, removed };
  }

  /**
   * Sets (or, with no document, marks deleted) one entry for an event:
   * read, judge ordering, write on condition that the item is still what was read.
   */
  private async write(
    account: string,
    ref: SnapshotRef,
    document: string | undefined,
    stamp: SnapshotStamp,
  ): Promise<SnapshotWriteOutcome> {
    const at = Date.parse(stamp.eventTime);
    if (!Number.isFinite(at)) return 'stale';
    const key = keyOf(account, ref);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const current = await this.get(account, ref);
      if (current?.eventId === stamp.eventId) return 'already-applied';
      if (current && current.at > at) return 'stale';
      const item: Item = {
        ...key,
        entity: 'snapshot-document',
        ref,
        ...(document !== undefined
          ? { document }
          : { deleted: true, expiresAt: Math.floor(at / 1000) + DELETED_MARKER_TTL_SECONDS }),
        at,
        eventId: stamp.eventId,
        ...(current?.document !== undefined ? { previous: current.document } : {}),
        ...(current?.eventId !== undefined ? { previousEventId: current.eventId } : {}),
        revision: randomUUID(),
      };
      const condition = current
        ? {
            ConditionExpression: '#revision = :revision',
            ExpressionAttributeNames: { '#revision': 'revision' },
            ExpressionAttributeValues: { ':revision': current.revision },
          }
        : { ConditionExpression: 'attribute_not_exists(pk)' };
      if (await this.conditional(new PutCommand({ TableName: this.tableName, Item: item, ...condition })))
        return 'applied';
    }
    throw new WardenError('store-conflict', 'snapshot entry kept changing while being written');
  }

  /** The entries of a principal: its trust policy (roles) and every inline policy. */
  private async principalRefs(account: string, kind: PrincipalKind, name: string): Promise<SnapshotRef[]> {
    const items = await this.query(snapshotPartition(account), snapshotInlinePrefix(kind, name));
    const refs = items.map((item) => entryOf(item).ref);
    if (kind === 'role') {
      const trust = await this.get(account, { type: 'trust', roleName: name });
      if (trust) refs.push(trust.ref);
    }
    return refs;
  }

  /** True when the write happened; false when its condition failed. */
  private async conditional(command: PutCommand | DeleteCommand): Promise<boolean> {
    try {
      if (command instanceof PutCommand) await this.client.send(command);
      else await this.client.send(command);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async query(pk: string, skPrefix?: string): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(skPrefix ? { ':prefix': skPrefix } : {}) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(output.Items ?? []));
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

function keyOf(account: string, ref: SnapshotRef): ItemKey {
  return ref.type === 'trust'
    ? snapshotTrustKey(account, ref.roleName)
    : snapshotInlineKey(account, ref.principalKind, ref.principalName, ref.policyName);
}

/** The sweep writes only over entries older than its read (or none). */
function olderThan(startedAt: number) {
  return {
    ConditionExpression: 'attribute_not_exists(pk) OR #at < :startedAt',
    ExpressionAttributeNames: { '#at': 'at' },
    ExpressionAttributeValues: { ':startedAt': startedAt },
  };
}

function entryOf(item: Item): SnapshotEntry {
  const text = (name: string) => (typeof item[name] === 'string' ? { [name]: item[name] as string } : {});
  return {
    ref: item['ref'] as SnapshotRef,
    ...text('document'),
    at: Number(item['at']),
    ...(typeof item['readUntil'] === 'number' ? { readUntil: item['readUntil'] } : {}),
    ...text('eventId'),
    ...text('previous'),
    ...text('previousEventId'),
    revision: String(item['revision'] ?? ''),
  };
}
