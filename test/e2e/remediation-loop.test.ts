import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  AttachUserPolicyCommand,
  CreateUserCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  type ActionCompletedDetail,
  type ActionRequestedDetail,
  WardenDetailType,
} from '../../shared/bus/warden-events.js';
import { detectEvents, executeEvents } from '../../infra/stack/detect-event-sources.js';
import type { ExecuteOutcome } from '../../shared/engine/execute-action.js';
import type { EventOutcome } from '../../shared/engine/process-event.js';
import { DynamoDbStore, createDocumentClient } from '../../shared/store/dynamodb-store.js';
import { attachUserPolicyRecord, cloudTrailEnvelope } from '../helpers/cloudtrail-envelope.js';
import { eventQueue } from '../helpers/event-queue.js';
import { matchesEventPattern } from '../helpers/event-pattern-match.js';
import { FAKE_SLACK_TOKEN, useFakeSlackServer } from '../helpers/fake-slack-server.js';
import { startDelayingProxy } from '../helpers/delaying-proxy.js';
import { restoreEnvironmentAfterEach, setHandlerEnvironment } from '../helpers/handler-environment.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
const slack = useFakeSlackServer();

const TABLE = 'warden-test';
const BUS = 'warden-test-bus';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const LAMBDA_CONTEXT = {} as Context;

interface Loop {
  detect(event: EventBridgeEvent<string, unknown>): Promise<EventOutcome>;
  execute(event: EventBridgeEvent<'Warden Action Requested', ActionRequestedDetail>): Promise<ExecuteOutcome>;
  /** "Warden Action Requested" events delivered to the bus so far (read from an SQS target). */
  requested(): Promise<EventBridgeEvent<'Warden Action Requested', ActionRequestedDetail>[]>;
  /** "Warden Action Completed" events delivered to the bus since the last call. */
  completed(): Promise<EventBridgeEvent<string, ActionCompletedDetail>[]>;
  iam: IAMClient;
  store: DynamoDbStore;
}

restoreEnvironmentAfterEach();

/** Deploys the pieces the two functions use on moto, writes the config, and loads fresh handler modules. */
async function deployLoop(
  configYaml: string,
  endpoint = moto.server.endpoint,
  extra: Readonly<Record<string, string>> = {},
): Promise<Loop> {
  const options = moto.server.clientOptions;
  const config = sdkClientConfig(options);
  const dynamodb = new DynamoDBClient(config);
  await createWardenTable(dynamodb, TABLE);
  const requests = await eventQueue(options, BUS, WardenDetailType.ActionRequested);
  const completions = await eventQueue(options, BUS, WardenDetailType.ActionCompleted);

  setHandlerEnvironment({
    moto: { ...moto.server, endpoint },
    tableName: TABLE,
    eventBusName: BUS,
    configYaml,
    // As deployed: the hub is the account of the events; its execute role is warden-test-execute.
    extra: { WARDEN_HUB_ACCOUNT_ID: '123456789012', ...extra },
  });
  vi.resetModules();
  const detect = await import('../../functions/detect/handler.js');
  const execute = await import('../../functions/execute/handler.js');
  const iam = new IAMClient(config);
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  // The state right after the CloudTrail event: the policy is attached.
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: ADMIN }));
  return {
    detect: (event) => detect.handler(event, LAMBDA_CONTEXT),
    execute: (event) => execute.handler(event, LAMBDA_CONTEXT),
    requested: () =>
      requests.received<ActionRequestedDetail>() as Promise<
        EventBridgeEvent<'Warden Action Requested', ActionRequestedDetail>[]
      >,
    completed: () => completions.received<ActionCompletedDetail>(),
    iam,
    store: new DynamoDbStore({ client: createDocumentClient(dynamodb), tableName: TABLE, clock: () => new Date() }),
  };
}

async function attachedTo(iam: IAMClient, userName: string): Promise<string[]> {
  const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName }));
  return (attached.AttachedPolicies ?? []).map((policy) => policy.PolicyArn!);
}

const adminAttached = (eventId: string, actorArn?: string) =>
  cloudTrailEnvelope(attachUserPolicyRecord({ eventId, userName: 'bob', policyArn: ADMIN, actorArn }));

const AUTO = 'dryRun: false\nrules:\n  iam.admin-policy-attached: auto\n';

describe('detect → execute against moto', () => {
  it('auto mode: the admin policy ends up detached and the action recorded', async () => {
    const loop = await deployLoop(AUTO);

    const outcome = await loop.detect(adminAttached('evt-auto-1'));

    const admin = outcome.findings.find((f) => f.ruleId === 'iam.admin-policy-attached');
    expect(admin).toMatchObject({ outcome: 'notified', mode: 'auto', dryRun: false });
    const requests = await loop.requested();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.detail).toMatchObject({ operation: 'apply', requestedBy: 'auto' });
    expect(await attachedTo(loop.iam, 'bob')).toEqual([ADMIN]);

    const executed = await loop.execute(requests[0]!);

    expect(executed.status).toBe('applied');
    expect(await attachedTo(loop.iam, 'bob')).toEqual([]);
    const actionId = requests[0]!.detail.actionId;
    const action = await loop.store.getAction(actionId);
    expect(action).toMatchObject({ status: 'applied', kind: 'detach-policy', changedBy: 'auto' });
    const audit = await loop.store.listAudit(actionId);
    expect(audit.map((entry) => entry.to)).toEqual(['planned', 'approved', 'applying', 'applying', 'applied']);
  });

  it('every Warden event delivered twice at once, IAM slow to answer: one IAM call each way, a true record, a working Undo', async () => {
    // The handlers' own clients go through a proxy that answers Detach/Attach late; the calls reach moto.
    const proxy = await startDelayingProxy(moto.server.endpoint, { DetachUserPolicy: 400, AttachUserPolicy: 400 });
    try {
      await new SecretsManagerClient(sdkClientConfig(moto.server.clientOptions)).send(
        new CreateSecretCommand({
          Name: 'warden/test/slack',
          SecretString: JSON.stringify({ botToken: FAKE_SLACK_TOKEN, signingSecret: 'sign' }),
        }),
      );
      const loop = await deployLoop(`${AUTO}slack:\n  channels: { default: security-alerts }\n`, proxy.endpoint, {
        WARDEN_SLACK_SECRET_ID: 'warden/test/slack',
        WARDEN_SLACK_API_URL: slack.server.url,
      });
      const input = adminAttached('evt-twice-1');

      // 1. The detect input.
      const detected = await Promise.all([loop.detect(input), loop.detect(input)]);
      const admin = detected.map((o) => o.findings.find((f) => f.ruleId === 'iam.admin-policy-attached')?.outcome);
      expect(admin.sort()).toEqual(['duplicate', 'notified']);
      // One message per finding (other rules fire on the same event too), none for the duplicate delivery.
      const notified = detected.flatMap((o) => o.findings).filter((f) => f.outcome === 'notified');
      expect(slack.server.callsTo('chat.postMessage')).toHaveLength(notified.length);
      expect(detected.flatMap((o) => o.findings).filter((f) => f.outcome === 'duplicate')).toHaveLength(
        notified.length,
      );
      const requests = await loop.requested();
      expect(requests).toHaveLength(1);

      // 2. Action Requested (apply).
      const applied = await Promise.all([loop.execute(requests[0]!), loop.execute(requests[0]!)]);
      expect(applied.map((o) => o.status).sort()).toEqual(['applied', 'skipped']);
      expect(proxy.count('DetachUserPolicy')).toBe(1);
      expect(await attachedTo(loop.iam, 'bob')).toEqual([]);
      const actionId = requests[0]!.detail.actionId;
      expect(await loop.store.getAction(actionId)).toMatchObject({ status: 'applied', priorState: { attached: true } });
      const completions = await loop.completed();
      expect(completions.map((event) => event.detail)).toEqual([
        expect.objectContaining({ actionId, operation: 'apply', status: 'applied' }),
      ]);

      // 3. Action Completed: no rule routes it to a Warden function (the patterns as deployed)…
      const routes = [...detectEvents('test'), ...executeEvents('test', '123456789012')];
      for (const event of [completions[0]!, requests[0]!]) {
        // EventBridge sets `account` on every event; moto's delivery to the SQS target leaves it out.
        const delivered = { ...event, account: '123456789012' };
        const matching = routes.filter((route) => matchesEventPattern(route.eventBridge.pattern, delivered));
        expect(matching.map((route) => route.eventBridge.name)).toEqual(
          event === requests[0] ? ['warden-test-action-requested'] : [],
        );
      }
      // …and delivered twice at once to detect and execute anyway (with Action Requested at detect), it acts on nothing.
      const before = {
        iamCalls: proxy.queryCalls(),
        slackCalls: slack.server.calls.length,
        action: await loop.store.getAction(actionId),
        audit: await loop.store.listAudit(actionId),
        requested: (await loop.requested()).length,
      };
      const stray = await Promise.all([
        loop.detect(completions[0]!),
        loop.detect(completions[0]!),
        loop.detect(requests[0]!),
        loop.detect(requests[0]!),
        loop.execute(completions[0]! as unknown as EventBridgeEvent<'Warden Action Requested', ActionRequestedDetail>),
        loop.execute(completions[0]! as unknown as EventBridgeEvent<'Warden Action Requested', ActionRequestedDetail>),
      ]);
      expect(stray.slice(0, 4).map((outcome) => (outcome as EventOutcome).findings)).toEqual([[], [], [], []]);
      expect(stray.slice(4)).toEqual([
        { status: 'skipped', reason: 'not an action request' },
        { status: 'skipped', reason: 'not an action request' },
      ]);
      expect(proxy.queryCalls()).toBe(before.iamCalls);
      expect(slack.server.calls.length).toBe(before.slackCalls);
      expect(await loop.store.getAction(actionId)).toEqual(before.action);
      expect(await loop.store.listAudit(actionId)).toEqual(before.audit);
      expect(await loop.requested()).toHaveLength(before.requested);
      expect(await loop.completed()).toEqual([]);

      // 4. Action Requested (undo), then its Action Completed twice again.
      const undo = {
        ...requests[0]!,
        detail: { ...requests[0]!.detail, operation: 'undo' as const, requestedBy: 'U0APPROVER' },
      };
      const undone = await Promise.all([loop.execute(undo), loop.execute(undo)]);
      expect(undone.map((o) => o.status).sort()).toEqual(['skipped', 'undone']);
      expect(proxy.count('AttachUserPolicy')).toBe(1);
      expect(await attachedTo(loop.iam, 'bob')).toEqual([ADMIN]);
      const undoCompleted = await loop.completed();
      expect(undoCompleted.map((event) => event.detail)).toEqual([
        expect.objectContaining({ actionId, operation: 'undo', status: 'undone' }),
      ]);
      const undoneRecord = await loop.store.getAction(actionId);
      const attachCalls = proxy.count('AttachUserPolicy');
      const slackCalls = slack.server.calls.length;
      await Promise.all([loop.detect(undoCompleted[0]!), loop.detect(undoCompleted[0]!)]);
      expect(proxy.count('AttachUserPolicy')).toBe(attachCalls);
      expect(slack.server.calls.length).toBe(slackCalls);
      expect(await loop.store.getAction(actionId)).toEqual(undoneRecord);
      expect((await loop.store.listAudit(actionId)).map((entry) => entry.to)).toEqual([
        'planned',
        'approved',
        'applying',
        'applying', // the prior state, recorded before the detach
        'applied',
        'undo-requested',
        'undoing',
        'undone',
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('approve mode: a pending action is recorded and IAM is unchanged', async () => {
    const loop = await deployLoop('dryRun: false\nrules:\n  iam.admin-policy-attached: approve\n');

    const outcome = await loop.detect(adminAttached('evt-approve-1'));

    const admin = outcome.findings.find((f) => f.ruleId === 'iam.admin-policy-attached');
    expect(admin).toMatchObject({ outcome: 'notified', mode: 'approve' });
    const actionId = admin?.outcome === 'notified' ? admin.actionIds[0]! : '';
    expect(await loop.store.getAction(actionId)).toMatchObject({ status: 'pending-approval', kind: 'detach-policy' });
    expect(await loop.requested()).toEqual([]);
    expect(await attachedTo(loop.iam, 'bob')).toEqual([ADMIN]);
  });

  it('the same event delivered three times gives one action', async () => {
    const loop = await deployLoop(AUTO);

    const outcomes = [];
    for (let delivery = 0; delivery < 3; delivery += 1) outcomes.push(await loop.detect(adminAttached('evt-dup-1')));

    const adminOutcomes = outcomes.map(
      (o) => o.findings.find((f) => f.ruleId === 'iam.admin-policy-attached')?.outcome,
    );
    expect(adminOutcomes).toEqual(['notified', 'duplicate', 'duplicate']);
    expect(await loop.requested()).toHaveLength(1);
  });

  it('undo restores IAM, and the CloudTrail event of Warden’s own undo is not remediated again', async () => {
    const loop = await deployLoop(AUTO);
    await loop.detect(adminAttached('evt-undo-1'));
    const [request] = await loop.requested();
    await loop.execute(request!);
    expect(await attachedTo(loop.iam, 'bob')).toEqual([]);

    const undone = await loop.execute({
      ...request!,
      detail: { ...request!.detail, operation: 'undo', requestedBy: 'U0APPROVER' },
    });

    expect(undone.status).toBe('undone');
    expect(await attachedTo(loop.iam, 'bob')).toEqual([ADMIN]);
    // CloudTrail now records Warden's execute role re-attaching the policy.
    const own = await loop.detect(
      adminAttached('evt-undo-echo', 'arn:aws:sts::123456789012:assumed-role/warden-test-execute/warden-test-execute'),
    );
    expect(own).toEqual({ skipped: 'warden-own-call', findings: [] });
    expect(await loop.requested()).toEqual([]);
    expect(await attachedTo(loop.iam, 'bob')).toEqual([ADMIN]);
  });

  it('a role merely named like Warden’s is evaluated like any caller, and remediated', async () => {
    const loop = await deployLoop(AUTO);

    const outcome = await loop.detect(
      adminAttached('evt-lookalike-1', 'arn:aws:sts::123456789012:assumed-role/warden-backdoor/attacker'),
    );

    expect(outcome.skipped).toBeUndefined();
    const admin = outcome.findings.find((f) => f.ruleId === 'iam.admin-policy-attached');
    expect(admin).toMatchObject({ outcome: 'notified', mode: 'auto', dryRun: false });
    expect(await loop.requested()).toHaveLength(1);
  });

  it('a WardenRemediation session naming an action that does not exist is evaluated', async () => {
    const loop = await deployLoop(AUTO);

    const outcome = await loop.detect(
      adminAttached(
        'evt-fake-session-1',
        'arn:aws:sts::123456789012:assumed-role/WardenRemediation/warden-0123456789abcdef-1',
      ),
    );

    expect(outcome.skipped).toBeUndefined();
    expect(outcome.findings.find((f) => f.ruleId === 'iam.admin-policy-attached')).toMatchObject({
      outcome: 'notified',
      mode: 'auto',
    });
  });

  it('never touches a break-glass user', async () => {
    const loop = await deployLoop(`${AUTO}breakGlass: ["arn:aws:iam::*:user/bob"]\n`);

    const outcome = await loop.detect(adminAttached('evt-bg-1'));

    const admin = outcome.findings.find((f) => f.ruleId === 'iam.admin-policy-attached');
    expect(admin).toMatchObject({ outcome: 'notified', mode: 'alert', actionIds: [] });
    expect(await loop.requested()).toEqual([]);
    expect(await attachedTo(loop.iam, 'bob')).toEqual([ADMIN]);
  });

  it('dry-run records what it would have done and changes nothing', async () => {
    const loop = await deployLoop('dryRun: true\nrules:\n  iam.admin-policy-attached: auto\n');

    const outcome = await loop.detect(adminAttached('evt-dry-1'));

    const admin = outcome.findings.find((f) => f.ruleId === 'iam.admin-policy-attached');
    expect(admin).toMatchObject({ outcome: 'notified', mode: 'auto', dryRun: true });
    const actionId = admin?.outcome === 'notified' ? admin.actionIds[0]! : '';
    expect(await loop.store.getAction(actionId)).toMatchObject({ status: 'planned' });
    expect(await loop.requested()).toEqual([]);
    expect(await attachedTo(loop.iam, 'bob')).toEqual([ADMIN]);
  });
});
