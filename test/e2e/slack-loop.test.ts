import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AttachUserPolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { ActionRequestedDetail } from '../../shared/bus/warden-events.js';
import type { ExecuteOutcome } from '../../shared/engine/execute-action.js';
import type { EventOutcome } from '../../shared/engine/process-event.js';
import { DynamoDbStore, createDocumentClient } from '../../shared/store/dynamodb-store.js';
import { attachUserPolicyRecord, cloudTrailEnvelope } from '../helpers/cloudtrail-envelope.js';
import { FAKE_SLACK_TOKEN, type SlackCall, useFakeSlackServer } from '../helpers/fake-slack-server.js';
import { restoreEnvironmentAfterEach, setHandlerEnvironment } from '../helpers/handler-environment.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { snsTopicQueue } from '../helpers/sns-topic-queue.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
const slack = useFakeSlackServer();

const TABLE = 'warden-slack-test';
const BUS = 'warden-slack-bus';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const LAMBDA_CONTEXT = {} as Context;
const CONFIG = [
  'dryRun: false',
  'rules:',
  '  iam.admin-policy-attached: approve',
  'slack:',
  '  channels: { default: security-alerts, critical: sec-critical }',
  '  onCallUserGroup: S0ONCALL',
  '',
].join('\n');

restoreEnvironmentAfterEach();

/** Deploys table, bus, Slack secret and fallback topic on moto; loads fresh handlers with the Slack notifier. */
async function deploy(secretId: string) {
  const options = moto.server.clientOptions;
  const config = sdkClientConfig(options);
  const dynamodb = new DynamoDBClient(config);
  await createWardenTable(dynamodb, TABLE);
  await new EventBridgeClient(config).send(new CreateEventBusCommand({ Name: BUS }));
  await new SecretsManagerClient(config).send(
    new CreateSecretCommand({
      Name: 'warden/test/slack',
      SecretString: JSON.stringify({ botToken: FAKE_SLACK_TOKEN, signingSecret: 'sign' }),
    }),
  );
  const topic = await snsTopicQueue(options);
  const iam = new IAMClient(config);
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: ADMIN }));

  setHandlerEnvironment({
    moto: moto.server,
    tableName: TABLE,
    eventBusName: BUS,
    configYaml: CONFIG,
    extra: {
      WARDEN_SLACK_SECRET_ID: secretId,
      WARDEN_SLACK_API_URL: slack.server.url,
      WARDEN_SNS_TOPIC_ARN: topic.topicArn,
    },
  });
  vi.resetModules();
  const detect = await import('../../functions/detect/handler.js');
  const execute = await import('../../functions/execute/handler.js');
  return {
    detect: (event: EventBridgeEvent<string, unknown>): Promise<EventOutcome> => detect.handler(event, LAMBDA_CONTEXT),
    execute: (detail: ActionRequestedDetail): Promise<ExecuteOutcome> =>
      execute.handler(
        { source: 'warden', detail, 'detail-type': 'Warden Action Requested' } as EventBridgeEvent<
          'Warden Action Requested',
          ActionRequestedDetail
        >,
        LAMBDA_CONTEXT,
      ),
    store: new DynamoDbStore({ client: createDocumentClient(dynamodb), tableName: TABLE, clock: () => new Date() }),
    topic,
  };
}

const buttons = (call: SlackCall | undefined) =>
  ((call?.args['blocks'] ?? []) as { type: string; elements?: { action_id: string; value: string }[] }[])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements!.map((element) => [element.action_id, element.value]));

describe('detect → Slack → execute → Slack, through the real handlers', () => {
  it('an approve-mode finding reaches Slack with Approve; after the approved apply the message shows Undo', async () => {
    const loop = await deploy('warden/test/slack');
    const event = cloudTrailEnvelope(
      attachUserPolicyRecord({ eventId: 'evt-slack-1', userName: 'bob', policyArn: ADMIN }),
    );

    const outcome = await loop.detect(event);

    const admin = outcome.findings.find((f) => f.ruleId === 'iam.admin-policy-attached');
    const actionId = admin?.outcome === 'notified' ? admin.actionIds[0]! : '';
    const post = slack.server
      .callsTo('chat.postMessage')
      .find((call) => JSON.stringify(call.args).includes('Administrator-equivalent'));
    expect(post?.token).toBe(FAKE_SLACK_TOKEN);
    expect(post?.args['channel']).toBe('sec-critical');
    expect(String(post?.args['text'])).toContain('<!subteam^S0ONCALL>');
    expect(buttons(post)).toEqual([
      ['approve:1', actionId],
      ['dismiss:1', actionId],
      ['snooze:1', actionId],
    ]);
    const finding = await loop.store.getFinding(admin!.findingId);
    const posted = slack.server.messages().find((m) => JSON.stringify(m.blocks).includes('Administrator-equivalent'));
    expect(finding?.slack).toEqual({ channel: slack.server.channelId('sec-critical'), ts: posted!.ts });

    // Someone approved it (the interact function's transition), and the executor applies it.
    await loop.store.transitionAction(actionId, { from: 'pending-approval', to: 'approved', by: 'U0APPROVER' });
    const executed = await loop.execute({
      actionId,
      findingId: admin!.findingId,
      operation: 'apply',
      requestedBy: 'U0APPROVER',
    });

    expect(executed.status).toBe('applied');
    const [update] = slack.server.callsTo('chat.update');
    expect(update?.args).toMatchObject({ channel: finding!.slack!.channel, ts: finding!.slack!.ts });
    expect(buttons(update)).toEqual([['undo:1', actionId]]);
    const line = slack.server.messages().find((m) => m.threadTs === finding!.slack!.ts);
    expect(line?.text).toContain('<@U0APPROVER>');
    expect(line?.text).toContain('*applied*');
    expect(await loop.topic.received()).toEqual([]);
  });

  it('when Slack fails, the finding arrives on the SNS topic and no Slack ref is stored', async () => {
    const loop = await deploy('warden/test/slack');
    slack.server.failNext(50, { status: 500 });

    const outcome = await loop.detect(
      cloudTrailEnvelope(attachUserPolicyRecord({ eventId: 'evt-slack-2', userName: 'bob', policyArn: ADMIN })),
    );

    const admin = outcome.findings.find((f) => f.ruleId === 'iam.admin-policy-attached');
    expect(admin?.outcome).toBe('notified');
    expect((await loop.store.getFinding(admin!.findingId))?.slack).toBeUndefined();
    const deliveries = await loop.topic.received();
    expect(deliveries.map((d) => d.subject)).toContain('Warden CRITICAL: Administrator-equivalent policy attached');
  });
});
