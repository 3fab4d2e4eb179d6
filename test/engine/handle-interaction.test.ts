import { WebClient } from '@slack/web-api';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionRequestedDetail } from '../../shared/bus/warden-events.js';
import { eventBridgePublisher, type EventPublisher } from '../../shared/bus/event-publisher.js';
import { handleInteraction, type InteractionDependencies } from '../../shared/engine/handle-interaction.js';
import { noiseKeys } from '../../shared/engine/process-event.js';
import type { Finding } from '../../shared/model/finding.js';
import { rawRequestOf } from '../../shared/runtime/http-api-request.js';
import { WardenConfigSchema } from '../../shared/settings/warden-config.js';
import { cachedSlackDirectory } from '../../shared/slack/authorise-clicker.js';
import { findingRenderSettings } from '../../shared/slack/render-finding.js';
import { slackGateway } from '../../shared/slack/slack-gateway.js';
import { createDocumentClient, DynamoDbStore } from '../../shared/store/dynamodb-store.js';
import type { NewAction } from '../../shared/store/store.js';
import { type ApiGatewayAdapter, startApiGatewayAdapter } from '../helpers/api-gateway-adapter.js';
import { type EventQueue, eventQueue } from '../helpers/event-queue.js';
import { FAKE_SLACK_TOKEN, useFakeSlackServer } from '../helpers/fake-slack-server.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { sampleFinding } from '../helpers/sample-finding.js';
import { serialDynamoDbClient } from '../helpers/serial-dynamodb-client.js';
import {
  blockActionsPayload,
  CHANNEL,
  formBody,
  post,
  SIGNING_SECRET,
  signedClick,
  signedHeaders,
} from '../helpers/slack-click.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
const slack = useFakeSlackServer({
  userGroups: { S0ONCALL: ['U0BOB', 'U0MALLORY'] },
  users: {
    U0ALICE: { name: 'alice', email: 'alice@example.com' },
    U0BOB: { name: 'bob.s', email: 'bob.s@example.com' },
    U0MALLORY: { name: 'mallory', email: 'Mallory@example.com' },
    U0EVE: { name: 'eve', email: 'eve@example.com' },
  },
  channels: { 'security-alerts': CHANNEL },
});

const TABLE = 'warden-test';
const BUS = 'warden-test-bus';
const START = new Date('2026-11-22T10:00:00.000Z');
const later = (seconds: number) => new Date(START.getTime() + seconds * 1000);

const config = v.parse(WardenConfigSchema, {
  dryRun: false,
  approvers: {
    critical: { users: ['U0ALICE'], userGroups: ['S0ONCALL'] },
    // The sample finding's actor is mallory: a known person, so one approval by someone else is enough.
    identities: [{ slackUserId: 'U0MALLORY', awsPrincipalArns: ['arn:aws:iam::123456789012:user/mallory'] }],
  },
});

let now: Date;
let store: DynamoDbStore;
let queue: EventQueue;
let adapter: ApiGatewayAdapter;
let deps: InteractionDependencies;
let logs: { message: string; extra?: Record<string, unknown> }[];

const finding: Finding = sampleFinding();
const ACTION_ID = `${finding.id}-1`;

function pendingAction(overrides: Partial<NewAction> = {}): NewAction {
  return {
    id: ACTION_ID,
    findingId: finding.id,
    kind: 'detach-policy',
    params: finding.remediation[0]!.params,
    account: '123456789012',
    status: 'pending-approval',
    mode: 'approve',
    approvalExpiresAt: later(24 * 3600),
    ...overrides,
  } as NewAction;
}

function webClient(): WebClient {
  return new WebClient(FAKE_SLACK_TOKEN, { slackApiUrl: slack.server.url, retryConfig: { retries: 0 } });
}

/** Slack calls made before this index belong to the arrangement, not to the click. */
let mark = 0;
const slackCalls = () => slack.server.calls.slice(mark);

async function seed(
  findingOverrides: Partial<Finding> = {},
  actions: NewAction[] = [pendingAction()],
  { ownMessage = true } = {},
) {
  const posted = await webClient().chat.postMessage({ channel: CHANNEL, text: 'finding' });
  await store.putFinding({ ...finding, ...findingOverrides, status: 'open' });
  if (ownMessage) await store.setFindingSlackRef(finding.id, posted.channel!, posted.ts!);
  for (const action of actions) await store.createAction(action);
  mark = slack.server.calls.length;
  return posted.ts!;
}

function buildDeps(overrides: Partial<InteractionDependencies> = {}): InteractionDependencies {
  const logger: InteractionDependencies['logger'] = {
    info: (message, extra) => logs.push({ message, ...(extra ? { extra } : {}) }),
    warn: (message, extra) => logs.push({ message, ...(extra ? { extra } : {}) }),
  };
  const gateway = slackGateway({
    credentials: { get: async () => ({ botToken: FAKE_SLACK_TOKEN }) },
    logger,
    slackApiUrl: slack.server.url,
    retryConfig: { retries: 0 },
    maxRetryAfterSeconds: 0,
  });
  return {
    store,
    publisher: eventBridgePublisher(queue.events, BUS),
    slack: gateway,
    directory: cachedSlackDirectory(async () => gateway.directory, { clock: () => now }),
    config,
    render: findingRenderSettings(config),
    clock: () => now,
    logger,
    signingSecret: async () => SIGNING_SECRET,
    ...overrides,
  };
}

beforeEach(async () => {
  now = START;
  mark = 0;
  logs = [];
  const dynamodb = serialDynamoDbClient(moto.server.clientOptions);
  await createWardenTable(dynamodb, TABLE);
  store = new DynamoDbStore({ client: createDocumentClient(dynamodb), tableName: TABLE, clock: () => now });
  queue = await eventQueue(moto.server.clientOptions, BUS, 'Warden Action Requested');
  deps = buildDeps();
  adapter = await startApiGatewayAdapter('POST /slack/interactions', (event: APIGatewayProxyEventV2) =>
    handleInteraction(rawRequestOf(event), deps),
  );
});

afterEach(async () => {
  await adapter.close();
});

const click = (userId: string, actionId = 'approve:1', value = ACTION_ID) =>
  signedClick({ actionId, value, userId }, now);

const requested = () => queue.received<ActionRequestedDetail>();
const callsTo = (method: string) => slackCalls().filter((call) => call.method === method);
const ephemerals = () => callsTo('chat.postEphemeral').map((call) => call.args);
const updates = () => callsTo('chat.update').map((call) => call.args);
const threadLines = () =>
  callsTo('chat.postMessage')
    .map((call) => call.args)
    .filter((args) => args['thread_ts']);
const blockText = (blocks: unknown) => JSON.stringify(blocks);

async function expectNothingChanged() {
  expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'pending-approval', version: 0 });
  expect(await store.listAudit(ACTION_ID)).toHaveLength(1);
  expect(await requested()).toEqual([]);
  expect(updates()).toEqual([]);
}

describe('Approve', () => {
  it('approves once, requests the apply, shows "applying…" and records the click in the thread', async () => {
    const ts = await seed();

    const response = await post(adapter.url, click('U0ALICE'));

    expect(response).toEqual({ status: 200, text: '' });
    expect(adapter.events[0]).toMatchObject({ isBase64Encoded: true });
    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'approved', changedBy: 'U0ALICE' });
    const events = await requested();
    expect(events.map((e) => [e['detail-type'], e.source, e.detail])).toEqual([
      [
        'Warden Action Requested',
        'warden',
        { actionId: ACTION_ID, findingId: finding.id, operation: 'apply', requestedBy: 'U0ALICE' },
      ],
    ]);
    const [update] = updates();
    expect(update).toMatchObject({ channel: CHANNEL, ts });
    expect(blockText(update!['blocks'])).toContain('Approved by <@U0ALICE>');
    expect(blockText(update!['blocks'])).toContain('applying…');
    expect(blockText(update!['blocks'])).not.toContain('"action_id":"approve:1"');
    const [line] = threadLines();
    expect(line).toMatchObject({ channel: CHANNEL, thread_ts: ts });
    expect(String(line!['text'])).toMatch(/^<@U0ALICE> clicked \*Approve\* on Detach AdministratorAccess.*approved/);
    expect(ephemerals()).toEqual([]);
  });

  it('a replayed click (same signed request, within Slack’s 5 minutes) acts and posts nothing more', async () => {
    const ts = await seed();
    const request = click('U0ALICE');
    await post(adapter.url, request);
    const callsAfterFirst = slackCalls().length;

    now = new Date(START.getTime() + 60_000);
    const replay = await post(adapter.url, request);

    expect(replay).toEqual({ status: 200, text: '' });
    expect(slackCalls()).toHaveLength(callsAfterFirst);
    expect(threadLines()).toHaveLength(1);
    expect(String(threadLines()[0]!['text'])).toMatch(/^<@U0ALICE> clicked \*Approve\*/);
    expect(updates()).toEqual([expect.objectContaining({ channel: CHANNEL, ts })]);
    expect(await requested()).toHaveLength(1);
    expect(await store.listAudit(ACTION_ID)).toHaveLength(2);
  });

  it('lets a user-group member approve (group read through usergroups.users.list)', async () => {
    await seed();

    expect((await post(adapter.url, click('U0BOB'))).status).toBe(200);

    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'approved', changedBy: 'U0BOB' });
    expect(callsTo('usergroups.users.list').map((c) => c.args['usergroup'])).toEqual(['S0ONCALL']);
  });

  it('a snoozed action can still be approved', async () => {
    await seed();
    await post(adapter.url, click('U0ALICE', 'snooze:1'));

    await post(adapter.url, click('U0BOB'));

    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'approved', changedBy: 'U0BOB' });
    expect(await requested()).toHaveLength(1);
  });

  it('a double click gives one request; the second is told who did it and when', async () => {
    await seed();

    const responses = await Promise.all([post(adapter.url, click('U0ALICE')), post(adapter.url, click('U0ALICE'))]);

    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(await requested()).toHaveLength(1);
    expect(await store.listAudit(ACTION_ID)).toHaveLength(2);
    const [told] = ephemerals();
    expect(told).toMatchObject({ channel: CHANNEL, user: 'U0ALICE' });
    expect(String(told!['text'])).toMatch(/^Already approved by <@U0ALICE> at <!date\^\d+\^/);
  });

  it('two approvers at once: exactly one request, the other told who approved', async () => {
    await seed();

    await Promise.all([post(adapter.url, click('U0ALICE')), post(adapter.url, click('U0BOB'))]);

    const events = await requested();
    expect(events).toHaveLength(1);
    const winner = events[0]!.detail.requestedBy;
    const loser = winner === 'U0ALICE' ? 'U0BOB' : 'U0ALICE';
    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'approved', changedBy: winner });
    expect(ephemerals()).toEqual([
      expect.objectContaining({ user: loser, text: expect.stringContaining(`Already approved by <@${winner}>`) }),
    ]);
  });

  it('refuses an expired approval: the action expires, the message says so, the clicker is told', async () => {
    await seed();
    now = later(24 * 3600 + 1);

    expect((await post(adapter.url, click('U0ALICE'))).status).toBe(200);

    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'expired', changedBy: 'expiry' });
    expect(await requested()).toEqual([]);
    const [update] = updates();
    expect(blockText(update!['blocks'])).toContain('Approval expired');
    expect(blockText(update!['blocks'])).not.toContain('"type":"button"');
    expect(String(ephemerals()[0]!['text'])).toMatch(/^This approval expired at <!date\^/);
  });

  it('an item of a sweep digest (no message of its own): the digest is left as it is, the clicker is told', async () => {
    const digestTs = await seed({}, [pendingAction()], { ownMessage: false });

    await post(
      adapter.url,
      signedClick({ actionId: 'approve:3', value: ACTION_ID, userId: 'U0ALICE', messageTs: digestTs }, now),
    );

    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'approved' });
    expect(await requested()).toHaveLength(1);
    expect(updates()).toEqual([]);
    expect(ephemerals()).toEqual([
      expect.objectContaining({ user: 'U0ALICE', text: 'Approved: Warden is applying it.' }),
    ]);
    expect(threadLines()).toEqual([expect.objectContaining({ channel: CHANNEL, thread_ts: digestTs })]);
  });

  it('when the request cannot be published, the approval is marked failed rather than left waiting', async () => {
    await seed();
    const failing: EventPublisher = {
      publish: async () => {
        throw new Error('EventBridge unavailable: internal detail');
      },
    };
    deps = buildDeps({ publisher: failing });

    const response = await post(adapter.url, click('U0ALICE'));

    expect(response).toEqual({ status: 200, text: '' });
    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'failed', changedBy: 'warden' });
    expect(blockText(updates()[0]!['blocks'])).toContain('Failed');
    expect(String(ephemerals()[0]!['text'])).toContain('could not pass your request on');
  });
});

describe('who may click', () => {
  it('a user who is not an approver gets an ephemeral refusal and nothing changes', async () => {
    await seed();

    const response = await post(adapter.url, click('U0EVE'));

    expect(response.status).toBe(200);
    await expectNothingChanged();
    expect(ephemerals()).toEqual([
      expect.objectContaining({ user: 'U0EVE', channel: CHANNEL, text: expect.stringContaining('not an approver') }),
    ]);
  });

  it('the approver who made the change cannot approve it (their exact ARN in approvers.identities)', async () => {
    await seed(); // the change was made by IAM user mallory; U0MALLORY is in the on-call group

    await post(adapter.url, click('U0MALLORY'));

    await expectNothingChanged();
    expect(String(ephemerals()[0]!['text'])).toContain('change you made yourself');
  });

  it('the person behind an SSO session cannot undo Warden’s fix of their own change', async () => {
    await seed(
      {
        actor: {
          type: 'AssumedRole',
          name: 'AWSReservedSSO_Admin_0123',
          sessionName: 'bob.s@example.com',
          sessionIssuerArn: 'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123',
          arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123/bob.s@example.com',
        },
      },
      [pendingAction({ status: 'planned', mode: 'auto' })],
    );
    await store.transitionAction(ACTION_ID, { from: 'planned', to: 'approved', by: 'auto' });
    await store.transitionAction(ACTION_ID, { from: 'approved', to: 'applying', by: 'auto' });
    await store.transitionAction(ACTION_ID, { from: 'applying', to: 'applied', by: 'auto' });

    await post(adapter.url, click('U0BOB', 'undo:1'));

    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'applied' });
    expect(await requested()).toEqual([]);
    expect(String(ephemerals()[0]!['text'])).toContain('change you made yourself');
  });
});

describe('second approver: a critical finding whose actor nobody can be told apart from', () => {
  // An IAM user no approvers.identities entry lists: Warden cannot tell whether a clicker is them.
  const unknownActor = {
    actor: { type: 'IAMUser', name: 'alice', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012' },
  };

  it('the first approval is recorded and the message asks for a second, different approver', async () => {
    const ts = await seed(unknownActor);

    expect((await post(adapter.url, click('U0ALICE'))).status).toBe(200);

    expect(await store.getAction(ACTION_ID)).toMatchObject({
      status: 'pending-approval',
      firstApproval: { by: 'U0ALICE' },
    });
    expect(await requested()).toEqual([]);
    const [update] = updates();
    expect(update).toMatchObject({ channel: CHANNEL, ts });
    expect(blockText(update!['blocks'])).toContain('approved once by <@U0ALICE>');
    expect(blockText(update!['blocks'])).toContain('a second, different approver is needed');
    expect(blockText(update!['blocks'])).toContain('"action_id":"approve:1"');
    expect(ephemerals()).toEqual([
      expect.objectContaining({ user: 'U0ALICE', text: expect.stringContaining('second, different approver') }),
    ]);
    expect(String(threadLines()[0]!['text'])).toContain('a second, different approver is needed');
  });

  it('a second click by a different Slack user approves; the same user twice does not', async () => {
    await seed(unknownActor);
    await post(adapter.url, click('U0ALICE'));
    await post(adapter.url, click('U0ALICE'));

    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'pending-approval', version: 1 });
    expect(await requested()).toEqual([]);
    expect(String(ephemerals()[1]!['text'])).toContain('You approved this already');

    await post(adapter.url, click('U0BOB'));

    const approved = await store.getAction(ACTION_ID);
    expect(approved).toMatchObject({ status: 'approved', changedBy: 'U0BOB' });
    expect(approved?.firstApproval).toBeUndefined();
    expect((await requested()).map((e) => e.detail.requestedBy)).toEqual(['U0BOB']);
    expect((await store.listAudit(ACTION_ID)).map((a) => [a.by, a.to])).toEqual([
      ['warden', 'pending-approval'],
      ['U0ALICE', 'pending-approval'],
      ['U0BOB', 'approved'],
    ]);
  });

  it('a double click by one user records one first approval and approves nothing', async () => {
    await seed(unknownActor);

    await Promise.all([post(adapter.url, click('U0ALICE')), post(adapter.url, click('U0ALICE'))]);

    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'pending-approval', version: 1 });
    expect(await store.listAudit(ACTION_ID)).toHaveLength(2);
    expect(await requested()).toEqual([]);
  });

  it('two different users at once: the action is approved exactly once', async () => {
    await seed(unknownActor);

    await Promise.all([post(adapter.url, click('U0ALICE')), post(adapter.url, click('U0BOB'))]);

    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'approved' });
    expect(await requested()).toHaveLength(1);
    expect(await store.listAudit(ACTION_ID)).toHaveLength(3);
  });
});

describe('request abuse: 401 and no change', () => {
  it('a forged signature', async () => {
    await seed();
    const forged = click('U0ALICE');
    forged.headers['x-slack-signature'] = `v0=${'ab'.repeat(32)}`;

    expect(await post(adapter.url, forged)).toEqual({ status: 401, text: 'unauthorised' });
    await expectNothingChanged();
  });

  it('a request signed with another secret', async () => {
    await seed();

    expect(
      (
        await post(
          adapter.url,
          signedClick({ actionId: 'approve:1', value: ACTION_ID, userId: 'U0ALICE' }, now, 'other'),
        )
      ).status,
    ).toBe(401);
    await expectNothingChanged();
  });

  it('a timestamp more than five minutes old', async () => {
    await seed();
    const stale = signedClick({ actionId: 'approve:1', value: ACTION_ID, userId: 'U0ALICE' }, later(-301));

    expect((await post(adapter.url, stale)).status).toBe(401);
    await expectNothingChanged();
  });

  it('a captured request replayed after five minutes', async () => {
    await seed();
    const captured = click('U0EVE', 'dismiss:1');
    expect((await post(adapter.url, captured)).status).toBe(200); // refused politely: not an approver
    mark = slack.server.calls.length;

    now = later(301);
    expect((await post(adapter.url, captured)).status).toBe(401);
    await expectNothingChanged();
    expect(slackCalls()).toEqual([]);
  });

  it('a body tampered with after signing (another action id, another user)', async () => {
    await seed();
    const signed = click('U0EVE');
    const otherUser = signed.body.replace('U0EVE', 'U0ALICE');
    expect(otherUser).not.toBe(signed.body);

    expect((await post(adapter.url, { ...signed, body: otherUser })).status).toBe(401);
    expect((await post(adapter.url, { ...signed, body: `${signed.body}&extra=1` })).status).toBe(401);
    await expectNothingChanged();
    expect(slackCalls()).toEqual([]);
  });

  it('missing signature headers', async () => {
    await seed();
    const { body } = click('U0ALICE');

    expect(
      (await post(adapter.url, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status,
    ).toBe(401);
    await expectNothingChanged();
  });
});

describe('malformed requests: 400 and no change', () => {
  const signed = (body: string) => ({ body, headers: signedHeaders(body, now) });

  it.each([
    ['no payload', 'foo=bar'],
    ['payload that is not JSON', 'payload=%7B%22type'],
    ['a view submission', formBody({ type: 'view_submission', user: { id: 'U0ALICE' } })],
    [
      'an unknown action id',
      formBody(blockActionsPayload({ actionId: 'grant-admin:1', value: ACTION_ID, userId: 'U0ALICE' })),
    ],
    [
      'a value that is not an id',
      formBody(blockActionsPayload({ actionId: 'approve:1', value: '../../etc', userId: 'U0ALICE' })),
    ],
  ])('%s', async (_name, body) => {
    await seed();

    const response = await post(adapter.url, signed(body));

    expect(response).toEqual({ status: 400, text: 'bad request' });
    await expectNothingChanged();
    expect(slackCalls()).toEqual([]);
  });

  it('an unknown action id value is not found, and the clicker is told', async () => {
    await seed();

    expect((await post(adapter.url, click('U0ALICE', 'approve:1', 'f0000000000000000-1'))).status).toBe(200);

    await expectNothingChanged();
    expect(String(ephemerals()[0]!['text'])).toContain('no longer knows');
  });

  it('an internal failure answers 500 with no detail', async () => {
    await seed();
    deps = buildDeps({
      signingSecret: async () => {
        throw new Error('AccessDeniedException: secret arn:aws:secretsmanager:…');
      },
    });

    expect(await post(adapter.url, click('U0ALICE'))).toEqual({ status: 500, text: 'internal error' });
    await expectNothingChanged();
  });
});

describe('Undo, Dismiss, Snooze, Expected change', () => {
  async function seedApplied() {
    const ts = await seed();
    await store.transitionAction(ACTION_ID, { from: 'pending-approval', to: 'approved', by: 'U0ALICE' });
    await store.transitionAction(ACTION_ID, { from: 'approved', to: 'applying', by: 'U0ALICE' });
    await store.transitionAction(ACTION_ID, { from: 'applying', to: 'applied', by: 'U0ALICE', result: 'Detached' });
    return ts;
  }

  it('Undo marks undo-requested once and requests the undo; a second Undo is told', async () => {
    await seedApplied();

    await Promise.all([post(adapter.url, click('U0BOB', 'undo:1')), post(adapter.url, click('U0ALICE', 'undo:1'))]);

    const events = await requested();
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatchObject({ actionId: ACTION_ID, operation: 'undo' });
    const by = events[0]!.detail.requestedBy;
    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'undo-requested', changedBy: by });
    expect(blockText(updates()[0]!['blocks'])).toContain('undoing…');
    expect(String(ephemerals()[0]!['text'])).toContain(`Already being undone by <@${by}>`);
  });

  it('an Undo whose request cannot be published goes back to applied, so Undo can be clicked again', async () => {
    await seedApplied();
    deps = buildDeps({
      publisher: {
        publish: async () => {
          throw new Error('EventBridge unavailable');
        },
      },
    });

    await post(adapter.url, click('U0BOB', 'undo:1'));

    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'applied', changedBy: 'warden' });
    expect(String(ephemerals()[0]!['text'])).toContain('could not pass your request on');
  });

  it('Undo of an action that is not applied changes nothing', async () => {
    await seed();

    await post(adapter.url, click('U0ALICE', 'undo:1'));

    await expectNothingChanged();
    const told = String(ephemerals()[0]!['text']);
    expect(told).toMatch(
      /^This action is waiting for approval \(since .*\), so Undo does not apply; nothing was changed\.$/,
    );
    expect(told).not.toContain('by Warden');
    const [line] = threadLines();
    expect(String(line!['text'])).toContain('refused: the action is waiting for approval; nothing changed');
    expect(String(line!['text'])).not.toContain('by Warden');
  });

  it('Dismiss dismisses the action and the finding, without any request', async () => {
    await seed();

    await post(adapter.url, click('U0ALICE', 'dismiss:1'));

    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'dismissed', changedBy: 'U0ALICE' });
    expect(await store.getFinding(finding.id)).toMatchObject({ status: 'dismissed' });
    expect(await requested()).toEqual([]);
    expect(blockText(updates()[0]!['blocks'])).toContain('Dismissed by <@U0ALICE>');
  });

  it('Snooze 24h snoozes the action and suppresses (rule, actor, target) for 24 hours', async () => {
    await seed();

    await post(adapter.url, click('U0ALICE', 'snooze:1'));

    expect(await store.getAction(ACTION_ID)).toMatchObject({ status: 'snoozed' });
    const { actorKey, targetKey } = noiseKeys(finding);
    expect(await store.findSuppression(finding.ruleId, actorKey, targetKey, later(23 * 3600))).toMatchObject({
      by: 'U0ALICE',
      until: later(24 * 3600).toISOString(),
    });
    expect(await store.findSuppression(finding.ruleId, actorKey, targetKey, later(24 * 3600 + 1))).toBeUndefined();
    expect(await requested()).toEqual([]);
    expect(blockText(updates()[0]!['blocks'])).toContain('Snoozed by <@U0ALICE>');
  });

  it('Expected change resolves an alert-only finding and suppresses repeats; a second click is told', async () => {
    await seed({}, []);

    await post(adapter.url, click('U0ALICE', 'expected-change:1', finding.id));
    await post(adapter.url, click('U0BOB', 'expected-change:1', finding.id));

    expect(await store.getFinding(finding.id)).toMatchObject({ status: 'resolved' });
    const { actorKey, targetKey } = noiseKeys(finding);
    expect(await store.findSuppression(finding.ruleId, actorKey, targetKey, later(29 * 24 * 3600))).toMatchObject({
      by: 'U0ALICE',
    });
    expect(ephemerals().map((e) => [e['user'], e['text']])).toEqual([
      ['U0ALICE', expect.stringContaining('Marked as expected')],
      ['U0BOB', expect.stringContaining('already resolved')],
    ]);
  });
});

describe('the raw request', () => {
  it('is the same whether the body arrives base64-encoded (HTTP API) or as text (serverless-offline)', () => {
    const body = formBody(blockActionsPayload({ actionId: 'approve:1', value: ACTION_ID, userId: 'U0ALICE' }));
    const base = { headers: { 'X-Slack-Signature': 'v0=x' } } as unknown as APIGatewayProxyEventV2;

    const encoded = rawRequestOf({ ...base, body: Buffer.from(body).toString('base64'), isBase64Encoded: true });
    const plain = rawRequestOf({ ...base, body, isBase64Encoded: false });

    expect(Buffer.from(encoded.body).toString('utf8')).toBe(body);
    expect(Buffer.from(plain.body).equals(Buffer.from(encoded.body))).toBe(true);
    expect(rawRequestOf({ ...base, isBase64Encoded: false }).body).toHaveLength(0);
  });
});
