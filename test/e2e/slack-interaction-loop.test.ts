import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AttachUserPolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, Context, EventBridgeEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { ActionRequestedDetail } from '../../shared/bus/warden-events.js';
import type { ExecuteOutcome } from '../../shared/engine/execute-action.js';
import type { EventOutcome } from '../../shared/engine/process-event.js';
import { createDocumentClient, DynamoDbStore } from '../../shared/store/dynamodb-store.js';
import { attachedPolicyArns } from '../helpers/action-env.js';
import { type ApiGatewayAdapter, startApiGatewayAdapter } from '../helpers/api-gateway-adapter.js';
import { attachUserPolicyRecord, cloudTrailEnvelope } from '../helpers/cloudtrail-envelope.js';
import { eventQueue } from '../helpers/event-queue.js';
import { FAKE_SLACK_TOKEN, type SlackCall, useFakeSlackServer } from '../helpers/fake-slack-server.js';
import { restoreEnvironmentAfterEach, setHandlerEnvironment } from '../helpers/handler-environment.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { post, SIGNING_SECRET, signedClick } from '../helpers/slack-click.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
const slack = useFakeSlackServer({
  users: { U0APPROVER: { name: 'approver', email: 'approver@example.com' } },
});

const TABLE = 'warden-loop-test';
const BUS = 'warden-loop-bus';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const LAMBDA_CONTEXT = {} as Context;
const CONFIG = [
  'dryRun: false',
  'rules:',
  '  iam.admin-policy-attached: approve',
  'slack:',
  '  channels: { default: security-alerts }',
  'approvers:',
  '  critical: { users: [U0APPROVER] }',
  // The change is made by IAM user alice: a known person, so one approval by someone else is enough.
  '  identities: [{ slackUserId: U0ALICE, awsPrincipalArns: ["arn:aws:iam::123456789012:user/alice"] }]',
  '',
].join('\n');

restoreEnvironmentAfterEach();
let adapter: ApiGatewayAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

/** Table, bus (with an SQS view of action requests), Slack secret and bob on moto; fresh handler modules. */
async function deploy() {
  const options = moto.server.clientOptions;
  const config = sdkClientConfig(options);
  const dynamodb = new DynamoDBClient(config);
  await createWardenTable(dynamodb, TABLE);
  const requests = await eventQueue(options, BUS, 'Warden Action Requested');
  await new SecretsManagerClient(config).send(
    new CreateSecretCommand({
      Name: 'warden/test/slack',
      SecretString: JSON.stringify({ botToken: FAKE_SLACK_TOKEN, signingSecret: SIGNING_SECRET }),
    }),
  );
  const iam = new IAMClient(config);
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: ADMIN }));

  setHandlerEnvironment({
    moto: moto.server,
    tableName: TABLE,
    eventBusName: BUS,
    configYaml: CONFIG,
    extra: {
      WARDEN_SLACK_SECRET_ID: 'warden/test/slack',
      WARDEN_SLACK_API_URL: slack.server.url,
    },
  });
  vi.resetModules();
  const detect = await import('../../functions/detect/handler.js');
  const execute = await import('../../functions/execute/handler.js');
  const interact = await import('../../functions/interact/handler.js');
  adapter = await startApiGatewayAdapter('POST /slack/interactions', (event: APIGatewayProxyEventV2) =>
    interact.handler(event, LAMBDA_CONTEXT),
  );
  return {
    url: adapter.url,
    detect: (event: EventBridgeEvent<string, unknown>): Promise<EventOutcome> => detect.handler(event, LAMBDA_CONTEXT),
    execute: (event: EventBridgeEvent<string, ActionRequestedDetail>): Promise<ExecuteOutcome> =>
      execute.handler(event as EventBridgeEvent<'Warden Action Requested', ActionRequestedDetail>, LAMBDA_CONTEXT),
    requested: () => requests.received<ActionRequestedDetail>(),
    iam,
    store: new DynamoDbStore({ client: createDocumentClient(dynamodb), tableName: TABLE, clock: () => new Date() }),
  };
}

type Button = [actionId: string, value: string];
const buttonsOf = (blocks: unknown): Button[] =>
  ((blocks ?? []) as { type: string; elements?: { action_id: string; value: string }[] }[])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements!.map((element): Button => [element.action_id, element.value]));
const lastUpdate = (): SlackCall | undefined => slack.server.callsTo('chat.update').at(-1);

describe('CloudTrail → Slack → Approve → execute → Undo → execute, through the real handlers', () => {
  it('one click applies, one click undoes; the message follows every step and ends without buttons', async () => {
    const loop = await deploy();

    // 1. The CloudTrail event reaches detect; the finding is posted with Approve.
    await loop.detect(
      cloudTrailEnvelope(attachUserPolicyRecord({ eventId: 'evt-loop-1', userName: 'bob', policyArn: ADMIN })),
    );
    const posted = slack.server.messages().find((m) => JSON.stringify(m.blocks).includes('Administrator-equivalent'))!;
    const [approve] = buttonsOf(posted.blocks);
    expect(approve?.[0]).toBe('approve:1');
    const actionId = approve![1];

    // 2. The approver clicks Approve: Slack signs the request, HTTP API base64-encodes it.
    const approved = await post(
      loop.url,
      signedClick(
        { actionId: 'approve:1', value: actionId, userId: 'U0APPROVER', channel: posted.channel, messageTs: posted.ts },
        new Date(),
      ),
    );
    expect(approved.status).toBe(200);
    expect(adapter!.events.at(-1)?.isBase64Encoded).toBe(true);
    expect(JSON.stringify(lastUpdate()?.args['blocks'])).toContain('applying…');
    expect(await attachedPolicyArns(loop.iam, 'user', 'bob')).toEqual([ADMIN]); // the endpoint changes no IAM

    // 3. The request reaches the executor, which detaches the policy.
    const [applyRequest, ...moreApply] = await loop.requested();
    expect(moreApply).toEqual([]);
    expect(applyRequest!.detail).toEqual({
      actionId,
      findingId: (await loop.store.getAction(actionId))!.findingId,
      operation: 'apply',
      requestedBy: 'U0APPROVER',
    });
    expect((await loop.execute(applyRequest!)).status).toBe('applied');
    expect(await attachedPolicyArns(loop.iam, 'user', 'bob')).toEqual([]);
    expect(lastUpdate()?.args).toMatchObject({ channel: posted.channel, ts: posted.ts });
    expect(buttonsOf(lastUpdate()?.args['blocks'])).toEqual([['undo:1', actionId]]);

    // 4. Undo: signed click → request → executor re-attaches the policy.
    const undone = await post(
      loop.url,
      signedClick(
        { actionId: 'undo:1', value: actionId, userId: 'U0APPROVER', channel: posted.channel, messageTs: posted.ts },
        new Date(),
      ),
    );
    expect(undone.status).toBe(200);
    expect(JSON.stringify(lastUpdate()?.args['blocks'])).toContain('undoing…');
    const [undoRequest, ...moreUndo] = await loop.requested();
    expect(moreUndo).toEqual([]);
    expect(undoRequest!.detail).toMatchObject({ actionId, operation: 'undo', requestedBy: 'U0APPROVER' });
    expect((await loop.execute(undoRequest!)).status).toBe('undone');
    expect(await attachedPolicyArns(loop.iam, 'user', 'bob')).toEqual([ADMIN]);

    // 5. The final message has no buttons; the thread holds every click and result.
    const final = slack.server.messages().find((m) => m.ts === posted.ts)!;
    expect(buttonsOf(final.blocks)).toEqual([]);
    expect(JSON.stringify(final.blocks)).toContain('Undone by <@U0APPROVER>');
    const thread = slack.server
      .messages()
      .filter((m) => m.threadTs === posted.ts)
      .map((m) => m.text ?? '');
    expect(thread).toEqual([
      expect.stringMatching(/^<@U0APPROVER> clicked \*Approve\*.*approved; applying$/),
      expect.stringContaining('*applied*'),
      expect.stringMatching(/^<@U0APPROVER> clicked \*Undo\*.*undo requested; undoing$/),
      expect.stringContaining('*undone*'),
    ]);
    expect((await loop.store.listAudit(actionId)).map((entry) => entry.to)).toEqual([
      'pending-approval',
      'approved',
      'applying',
      'applying', // the prior state, recorded before the detach
      'applied',
      'undo-requested',
      'undoing',
      'undone',
    ]);
  });

  it('a click with a forged signature on the live endpoint changes nothing', async () => {
    const loop = await deploy();
    await loop.detect(
      cloudTrailEnvelope(attachUserPolicyRecord({ eventId: 'evt-loop-2', userName: 'bob', policyArn: ADMIN })),
    );
    const posted = slack.server.messages().find((m) => JSON.stringify(m.blocks).includes('Administrator-equivalent'))!;
    const actionId = buttonsOf(posted.blocks)[0]![1];

    const forged = signedClick(
      { actionId: 'approve:1', value: actionId, userId: 'U0APPROVER' },
      new Date(),
      'guessed-secret',
    );

    expect((await post(loop.url, forged)).status).toBe(401);
    expect(await loop.store.getAction(actionId)).toMatchObject({ status: 'pending-approval' });
    expect(await loop.requested()).toEqual([]);
    expect(await attachedPolicyArns(loop.iam, 'user', 'bob')).toEqual([ADMIN]);
  });
});
