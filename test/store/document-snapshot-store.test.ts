import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotRef } from '../../shared/snapshot/snapshot-writes.js';
import {
  documentBefore,
  DynamoDbDocumentSnapshotStore,
  type SnapshotStamp,
} from '../../shared/store/document-snapshot-store.js';
import { createDocumentClient } from '../../shared/store/dynamodb-store.js';
import { snapshotInlineKey, snapshotTrustKey } from '../../shared/store/keys.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { serialDynamoDbClient } from '../helpers/serial-dynamodb-client.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();

const TABLE = 'warden-test';
const ACCOUNT = '123456789012';
const TRUST: SnapshotRef = { type: 'trust', roleName: 'Deploy' };
const INLINE: SnapshotRef = { type: 'inline', principalKind: 'role', principalName: 'Deploy', policyName: 'S3' };
const OLD = '{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:root"]}}]}';
const NEW = '{"Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]}}]}';
const stamp = (eventId: string, eventTime: string): SnapshotStamp => ({ eventId, eventTime });

let documents: DynamoDBDocumentClient;
let store: DynamoDbDocumentSnapshotStore;

beforeEach(async () => {
  // One request at a time: DynamoDB is atomic per request and moto is not (see the helper).
  const dynamodb = serialDynamoDbClient(moto.server.clientOptions);
  await createWardenTable(dynamodb, TABLE);
  documents = createDocumentClient(dynamodb);
  store = new DynamoDbDocumentSnapshotStore({ client: documents, tableName: TABLE });
});

async function rawItem(key: { pk: string; sk: string }) {
  return (await documents.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item;
}

describe('document snapshot store: event writes', () => {
  it('keeps one item per document under SNAP#<account>, names lower-cased, found under any spelling', async () => {
    await store.apply(ACCOUNT, { type: 'set', ref: TRUST, document: OLD }, stamp('e1', '2026-03-01T10:00:00Z'));

    const item = await rawItem(snapshotTrustKey(ACCOUNT, 'DEPLOY'));
    expect(item).toMatchObject({ pk: `SNAP#${ACCOUNT}`, sk: 'TRUST#deploy', document: OLD, eventId: 'e1' });
    expect((await store.get(ACCOUNT, { type: 'trust', roleName: 'deploy' }))?.document).toBe(OLD);
  });

  it('a redelivered event (twice at the same moment) sees the document before it both times; one final item', async () => {
    await store.apply(ACCOUNT, { type: 'set', ref: TRUST, document: OLD }, stamp('e1', '2026-03-01T10:00:00Z'));
    const e2 = stamp('e2', '2026-03-01T11:00:00Z');

    // Each delivery reads its before, then writes: the two interleave freely between requests.
    const deliver = async () => {
      const before = documentBefore(await store.get(ACCOUNT, TRUST), e2);
      const outcome = await store.apply(ACCOUNT, { type: 'set', ref: TRUST, document: NEW }, e2);
      const beforeAfterwards = documentBefore(await store.get(ACCOUNT, TRUST), e2);
      return { before, outcome, beforeAfterwards };
    };
    const [first, second] = await Promise.all([deliver(), deliver()]);

    expect([first.before, second.before, first.beforeAfterwards, second.beforeAfterwards]).toEqual([
      OLD,
      OLD,
      OLD,
      OLD,
    ]);
    expect([...first.outcome, ...second.outcome].sort()).toEqual(['already-applied', 'applied']);
    expect(await rawItem(snapshotTrustKey(ACCOUNT, 'Deploy'))).toMatchObject({
      document: NEW,
      eventId: 'e2',
      previous: OLD,
      previousEventId: 'e1',
    });
  });

  it('an event older than the write the item holds does not overwrite it, and cannot know its before', async () => {
    await store.apply(ACCOUNT, { type: 'set', ref: TRUST, document: NEW }, stamp('e2', '2026-03-01T11:00:00Z'));
    const late = stamp('e1', '2026-03-01T10:00:00Z');

    expect(documentBefore(await store.get(ACCOUNT, TRUST), late)).toBeUndefined();
    expect(await store.apply(ACCOUNT, { type: 'set', ref: TRUST, document: OLD }, late)).toEqual(['stale']);
    expect((await store.get(ACCOUNT, TRUST))?.document).toBe(NEW);
  });

  it('a later event sees the earlier write as its before; a delete leaves a marker an older write cannot undo', async () => {
    await store.apply(ACCOUNT, { type: 'set', ref: INLINE, document: OLD }, stamp('e1', '2026-03-01T10:00:00Z'));
    expect(documentBefore(await store.get(ACCOUNT, INLINE), stamp('e2', '2026-03-01T10:05:00Z'))).toBe(OLD);

    await store.apply(ACCOUNT, { type: 'delete', ref: INLINE }, stamp('e3', '2026-03-01T10:10:00Z'));
    const marker = await rawItem(snapshotInlineKey(ACCOUNT, 'role', 'deploy', 's3'));
    expect(marker).toMatchObject({ deleted: true, eventId: 'e3', previous: OLD });
    expect(marker?.['document']).toBeUndefined();
    expect(typeof marker?.['expiresAt']).toBe('number');

    expect(
      await store.apply(ACCOUNT, { type: 'set', ref: INLINE, document: NEW }, stamp('e2', '2026-03-01T10:05:00Z')),
    ).toEqual(['stale']);
    expect(documentBefore(await store.get(ACCOUNT, INLINE), stamp('e4', '2026-03-01T10:20:00Z'))).toBeUndefined();
  });

  it('deleting a principal removes its trust and inline entries, and nobody else’s (Deploy ≠ Deploy2)', async () => {
    const at = stamp('e1', '2026-03-01T10:00:00Z');
    const other: SnapshotRef = { type: 'inline', principalKind: 'role', principalName: 'Deploy2', policyName: 'S3' };
    const user: SnapshotRef = { type: 'inline', principalKind: 'user', principalName: 'Deploy', policyName: 'S3' };
    for (const ref of [TRUST, INLINE, other, user]) await store.apply(ACCOUNT, { type: 'set', ref, document: OLD }, at);

    const outcomes = await store.apply(
      ACCOUNT,
      { type: 'delete-principal', principalKind: 'role', principalName: 'DEPLOY' },
      stamp('e2', '2026-03-01T10:30:00Z'),
    );

    expect(outcomes).toEqual(['applied', 'applied']);
    expect((await store.get(ACCOUNT, TRUST))?.document).toBeUndefined();
    expect((await store.get(ACCOUNT, INLINE))?.document).toBeUndefined();
    expect((await store.get(ACCOUNT, other))?.document).toBe(OLD);
    expect((await store.get(ACCOUNT, user))?.document).toBe(OLD);
  });
});

describe('document snapshot store: the sweep replaces an account', () => {
  const read = { startedAt: new Date('2026-03-01T12:00:00.000Z'), endedAt: new Date('2026-03-01T12:00:30.000Z') };

  it('writes what it read, removes what it did not see, keeps what an event newer than the read set', async () => {
    const gone: SnapshotRef = { type: 'inline', principalKind: 'user', principalName: 'bob', policyName: 'Old' };
    const newer: SnapshotRef = { type: 'inline', principalKind: 'group', principalName: 'ops', policyName: 'Ops' };
    await store.apply(ACCOUNT, { type: 'set', ref: gone, document: OLD }, stamp('e1', '2026-03-01T09:00:00Z'));
    await store.apply(ACCOUNT, { type: 'set', ref: TRUST, document: OLD }, stamp('e2', '2026-03-01T09:00:00Z'));
    // Written by an event after the sweep began reading: the sweep's read is older than it.
    await store.apply(ACCOUNT, { type: 'set', ref: newer, document: NEW }, stamp('e3', '2026-03-01T12:00:10Z'));
    await store.apply(ACCOUNT, { type: 'set', ref: INLINE, document: NEW }, stamp('e4', '2026-03-01T12:00:20Z'));

    const outcome = await store.replaceAccount(
      ACCOUNT,
      [
        { ref: TRUST, document: NEW },
        { ref: INLINE, document: OLD },
      ],
      read,
    );

    expect(outcome).toEqual({ written: 1, unchanged: 0, kept: 2, removed: 1 });
    expect(await store.get(ACCOUNT, gone)).toBeUndefined();
    expect(await store.get(ACCOUNT, TRUST)).toMatchObject({ document: NEW, at: read.startedAt.getTime() });
    // The stale sweep did not overwrite the newer event write.
    expect(await store.get(ACCOUNT, INLINE)).toMatchObject({ document: NEW, eventId: 'e4' });
    expect(await store.get(ACCOUNT, newer)).toMatchObject({ document: NEW, eventId: 'e3' });
  });

  it('gives events after the read the swept document as before; events during the read get none', async () => {
    await store.replaceAccount(ACCOUNT, [{ ref: TRUST, document: OLD }], read);
    const entry = await store.get(ACCOUNT, TRUST);

    expect(documentBefore(entry, stamp('after', '2026-03-01T12:01:00Z'))).toBe(OLD);
    expect(documentBefore(entry, stamp('during', '2026-03-01T12:00:15Z'))).toBeUndefined();
    expect(documentBefore(entry, stamp('before', '2026-03-01T11:59:00Z'))).toBeUndefined();
  });

  it('leaves the other accounts alone', async () => {
    await store.apply('210987654321', { type: 'set', ref: TRUST, document: OLD }, stamp('e1', '2026-03-01T09:00:00Z'));
    await store.replaceAccount(ACCOUNT, [], read);
    expect((await store.get('210987654321', TRUST))?.document).toBe(OLD);
  });
});
