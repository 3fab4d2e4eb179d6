import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { DeleteTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  DeleteRuleCommand,
  DisableRuleCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, DeleteTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDoctorCommand } from '../../../cli/doctor-command.js';
import { runCli } from '../../../cli/run-cli.js';
import { sdkClientConfig } from '../../../shared/aws/aws-client-options.js';
import { stageResources } from '../../../shared/settings/stage-resources.js';
import { createDocumentClient } from '../../../shared/store/dynamodb-store.js';
import { OrganizationFactsStore } from '../../../shared/store/organization-facts-store.js';
import { requiredBotScopes } from '../../../shared/slack/slack-scopes.js';
import { collectingIo } from '../collecting-io.js';
import {
  FAKE_SLACK_TOKEN,
  type FakeSlackOptions,
  startFakeSlackServer,
  useFakeSlackServer,
} from '../../helpers/fake-slack-server.js';
import { DEFAULT_ACCOUNT, REGION, useMotoServer } from '../../helpers/moto-server.js';
import { createWardenTable } from '../../helpers/warden-table.js';

const STAGE = 'test';
const NAMES = stageResources(STAGE);
const MEMBER_ACCOUNT = '111122223333';
const TRAIL = 'org-trail';
// Named as serverless.yml names them; doctor recognises them by their patterns.
const CLOUDTRAIL_RULE = `${NAMES.cloudTrailRulePrefix}-default-iam`;
const FORWARDED_RULE = `${NAMES.cloudTrailRulePrefix}-hub-iam`;
const ACTION_RULE = `${NAMES.prefix}-action-requested`;
const SWEEP_RULE = `${NAMES.prefix}-sweep`;
const CLOUDTRAIL_PATTERN = JSON.stringify({
  source: ['aws.iam'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: { eventSource: ['iam.amazonaws.com'] },
});
const TOPIC_ARN = `arn:aws:sns:${REGION}:${DEFAULT_ACCOUNT}:${NAMES.alertTopicName}`;
const SLACK_CHANNELS: FakeSlackOptions['channels'] = {
  'security-alerts': 'C0ALERTS01',
  'security-oncall': 'C0ONCALL01',
};
/** One channel by name (conversations.list), one by id (conversations.info). */
const CONFIG = 'slack:\n  channels:\n    default: security-alerts\n    critical: C0ONCALL01\n';

const moto = useMotoServer();
const slack = useFakeSlackServer({ channels: SLACK_CHANNELS });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'warden-doctor-'));
  await writeFile(path.join(dir, 'warden.config.yml'), CONFIG);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function aws() {
  const config = sdkClientConfig(moto.server.clientOptions);
  return {
    cloudTrail: new CloudTrailClient(config),
    dynamodb: new DynamoDBClient(config),
    eventBridge: new EventBridgeClient(config),
    secretsManager: new SecretsManagerClient(config),
    sns: new SNSClient(config),
    ssm: new SSMClient(config),
  };
}

/** The item the sweep writes after reading Organizations. */
const ORGANIZATION_READ = {
  known: true,
  id: 'o-a1b2c3d4e5',
  accounts: [
    { id: DEFAULT_ACCOUNT, state: 'ACTIVE' },
    { id: '111122223333', state: 'ACTIVE' },
  ],
  readAt: '2026-01-05T07:00:00.000Z',
} as const;

function organizationFacts(): OrganizationFactsStore {
  return new OrganizationFactsStore({ client: createDocumentClient(aws().dynamodb), tableName: NAMES.tableName });
}

const SECRET = JSON.stringify({ botToken: FAKE_SLACK_TOKEN, signingSecret: 'signing-secret' });

/** A stage as `osls deploy` leaves it, plus the account's trail and the Slack secret. */
async function arrangeHealthyStage(): Promise<void> {
  const c = aws();
  await createWardenTable(c.dynamodb, NAMES.tableName);
  await organizationFacts().put(ORGANIZATION_READ);
  await c.eventBridge.send(new CreateEventBusCommand({ Name: NAMES.eventBusName }));
  const lambda = (name: string) => `arn:aws:lambda:${REGION}:${DEFAULT_ACCOUNT}:function:${NAMES.prefix}-${name}`;
  const rule = async (
    Name: string,
    target: string,
    spec: { EventPattern?: string; ScheduleExpression?: string; bus?: string },
  ) => {
    const EventBusName = spec.bus;
    await c.eventBridge.send(
      new PutRuleCommand({
        Name,
        ...(EventBusName ? { EventBusName } : {}),
        ...(spec.EventPattern ? { EventPattern: spec.EventPattern } : {}),
        ...(spec.ScheduleExpression ? { ScheduleExpression: spec.ScheduleExpression } : {}),
      }),
    );
    await c.eventBridge.send(
      new PutTargetsCommand({
        Rule: Name,
        ...(EventBusName ? { EventBusName } : {}),
        Targets: [{ Id: target, Arn: lambda(target) }],
      }),
    );
  };
  await rule(CLOUDTRAIL_RULE, 'detect', { EventPattern: CLOUDTRAIL_PATTERN });
  await rule(SWEEP_RULE, 'sweep', { ScheduleExpression: 'cron(0 7 * * ? *)' });
  await rule(FORWARDED_RULE, 'detect', { EventPattern: CLOUDTRAIL_PATTERN, bus: NAMES.eventBusName });
  await rule(ACTION_RULE, 'execute', {
    EventPattern: JSON.stringify({ source: ['warden'], 'detail-type': ['Warden Action Requested'] }),
    bus: NAMES.eventBusName,
  });
  // moto wants the trail's bucket first; its S3 takes an unsigned PUT (no S3 client is installed).
  const bucket = await fetch(`${moto.server.endpoint}/warden-trail-bucket`, { method: 'PUT' });
  expect(bucket.ok).toBe(true);
  await c.cloudTrail.send(
    new CreateTrailCommand({ Name: TRAIL, S3BucketName: 'warden-trail-bucket', IsMultiRegionTrail: true }),
  );
  await c.cloudTrail.send(new StartLoggingCommand({ Name: TRAIL }));
  await c.secretsManager.send(new CreateSecretCommand({ Name: NAMES.slackSecretId, SecretString: SECRET }));
  await c.sns.send(new CreateTopicCommand({ Name: NAMES.alertTopicName }));
  await c.sns.send(new SubscribeCommand({ TopicArn: TOPIC_ARN, Protocol: 'email', Endpoint: 'security@example.com' }));
}

interface PrintedCheck {
  readonly status: string;
  readonly check: string;
  readonly summary: string;
  readonly fix?: string;
}

/** The check lines printed, each with the `fix:` line under it. */
function printedChecks(stdout: string): PrintedCheck[] {
  const checks: { status: string; check: string; summary: string; fix?: string }[] = [];
  for (const line of stdout.split('\n')) {
    const head = /^(PASS|WARN|FAIL|SKIP) {2}(\S+) +(.*)$/.exec(line);
    if (head) checks.push({ status: head[1]!, check: head[2]!, summary: head[3]! });
    const fix = /^ +fix: (.*)$/.exec(line);
    if (fix) checks.at(-1)!.fix = fix[1]!;
  }
  return checks;
}

async function doctor(options: { args?: string[]; slackUrl?: string } = {}) {
  const out = collectingIo(dir);
  const code = await runDoctorCommand(
    [
      '--stage',
      STAGE,
      '--region',
      REGION,
      '--endpoint',
      moto.server.endpoint,
      '--member-accounts',
      MEMBER_ACCOUNT,
      '--external-id',
      'warden-ext',
      ...(options.args ?? []),
    ],
    out.io,
    { credentials: moto.server.clientOptions.credentials!, slackApiUrl: options.slackUrl ?? slack.server.url },
  );
  const checks = printedChecks(out.stdout());
  return {
    code,
    stdout: out.stdout(),
    checks,
    byCheck: (name: string) => checks.filter((check) => check.check === name),
  };
}

describe('warden doctor on a healthy stage', () => {
  it('passes every check and exits 0', async () => {
    await arrangeHealthyStage();
    const run = await doctor();

    expect(run.code).toBe(0);
    expect(run.checks.map((check) => `${check.status} ${check.check}`)).toEqual([
      'PASS aws-identity',
      'PASS slack-secret',
      'PASS slack-token',
      'PASS slack-scopes',
      'PASS slack-channel',
      'PASS slack-channel',
      'PASS event-rules',
      'PASS trail',
      'PASS member-role',
      'PASS table',
      'PASS organization',
      'PASS alert-topic',
    ]);
    expect(run.byCheck('organization')[0]!.summary).toBe('o-a1b2c3d4e5, 2 accounts (read 2026-01-05T07:00:00.000Z)');
    expect(run.stdout).toContain(
      `PASS  member-role    arn:aws:iam::${MEMBER_ACCOUNT}:role/WardenRemediation assumable`,
    );
    expect(run.byCheck('slack-channel').map((check) => check.summary)).toEqual([
      '#security-alerts (C0ALERTS01): the bot is a member',
      '#security-oncall (C0ONCALL01): the bot is a member',
    ]);
    expect(run.byCheck('slack-scopes')[0]!.summary).toBe(
      `exactly the ${requiredBotScopes().length} Warden needs: ${requiredBotScopes().join(', ')}`,
    );
    expect(run.byCheck('event-rules')[0]!.summary).toBe(
      `2 on the default bus, 2 on ${NAMES.eventBusName}; all enabled with targets`,
    );
    expect(run.byCheck('trail')[0]!.summary).toContain(`${TRAIL} logs management events`);
    expect(run.stdout).toMatch(/\n12 passed, 0 failed, 0 warnings, 0 skipped\n$/);
    // Read-only towards Slack: only the token check and the channel look-ups.
    expect(slack.server.calls.map((call) => call.method).sort()).toEqual([
      'auth.test',
      'conversations.info',
      'conversations.list',
    ]);
  });

  it('reads credentials kept in an SSM SecureString (ssm:<name>)', async () => {
    await arrangeHealthyStage();
    await aws().secretsManager.send(
      new DeleteSecretCommand({ SecretId: NAMES.slackSecretId, ForceDeleteWithoutRecovery: true }),
    );
    await aws().ssm.send(new PutParameterCommand({ Name: '/warden/test/slack', Type: 'SecureString', Value: SECRET }));

    const run = await doctor({ args: ['--slack-secret', 'ssm:/warden/test/slack'] });

    expect(run.code).toBe(0);
    expect(run.byCheck('slack-secret')[0]).toEqual({
      status: 'PASS',
      check: 'slack-secret',
      summary: 'SSM parameter /warden/test/slack has botToken and signingSecret',
    });
  });

  it('skips member roles when no member account is given', async () => {
    await arrangeHealthyStage();
    const out = collectingIo(dir);
    const code = await runDoctorCommand(
      ['--stage', STAGE, '--region', REGION, '--endpoint', moto.server.endpoint],
      out.io,
      { credentials: moto.server.clientOptions.credentials!, slackApiUrl: slack.server.url },
    );
    expect(code).toBe(0);
    expect(out.stdout()).toContain('SKIP  member-role    no member accounts given (--member-accounts 111122223333,…)');
  });

  it('warns, without failing, when nobody is subscribed to the alert topic', async () => {
    await arrangeHealthyStage();
    const c = aws();
    await c.sns.send(new DeleteTopicCommand({ TopicArn: TOPIC_ARN }));
    await c.sns.send(new CreateTopicCommand({ Name: NAMES.alertTopicName }));

    const run = await doctor();

    expect(run.code).toBe(0);
    expect(run.byCheck('alert-topic')[0]).toMatchObject({
      status: 'WARN',
      fix: `aws sns subscribe --topic-arn ${TOPIC_ARN} --protocol email --notification-endpoint <security-team@example.com>, then confirm the e-mail`,
    });
  });
});

type Clients = ReturnType<typeof aws>;

const BROKEN: readonly {
  readonly name: string;
  readonly spoil: (c: Clients) => Promise<unknown>;
  readonly check: string;
  readonly summary: string;
  readonly fix: string;
}[] = [
  {
    name: 'the Slack secret is missing',
    spoil: (c) =>
      c.secretsManager.send(
        new DeleteSecretCommand({ SecretId: NAMES.slackSecretId, ForceDeleteWithoutRecovery: true }),
      ),
    check: 'slack-secret',
    summary: 'no secret warden/test/slack in Secrets Manager or SSM',
    fix: `create it: aws secretsmanager create-secret --name warden/test/slack --secret-string '{"botToken":"xoxb-…","signingSecret":"…"}'`,
  },
  {
    name: 'the secret lacks the signing secret',
    spoil: (c) =>
      c.secretsManager.send(
        new PutSecretValueCommand({
          SecretId: NAMES.slackSecretId,
          SecretString: JSON.stringify({ botToken: FAKE_SLACK_TOKEN }),
        }),
      ),
    check: 'slack-secret',
    summary: 'Secrets Manager secret warden/test/slack lacks signingSecret',
    fix: 'copy the Bot User OAuth Token and the Signing Secret from the Slack app into it',
  },
  {
    name: 'the bot token is invalid',
    spoil: (c) =>
      c.secretsManager.send(
        new PutSecretValueCommand({
          SecretId: NAMES.slackSecretId,
          SecretString: JSON.stringify({ botToken: 'xoxb-revoked', signingSecret: 's' }),
        }),
      ),
    check: 'slack-token',
    summary: 'auth.test failed: invalid_auth',
    fix: 'install the Slack app to the workspace and store its Bot User OAuth Token (xoxb-…) as botToken in the secret',
  },
  {
    name: 'a rule on Warden’s bus is disabled',
    spoil: (c) => c.eventBridge.send(new DisableRuleCommand({ Name: ACTION_RULE, EventBusName: NAMES.eventBusName })),
    check: 'event-rules',
    summary: `${ACTION_RULE} is DISABLED`,
    fix: `aws events enable-rule --name ${ACTION_RULE} --event-bus-name ${NAMES.eventBusName}`,
  },
  {
    name: 'the CloudTrail rule has no target',
    spoil: (c) => c.eventBridge.send(new RemoveTargetsCommand({ Rule: CLOUDTRAIL_RULE, Ids: ['detect'] })),
    check: 'event-rules',
    summary: `${CLOUDTRAIL_RULE} has no target`,
    fix: 'redeploy the stage: npx osls deploy --stage test',
  },
  {
    name: 'the CloudTrail rule is gone',
    spoil: async (c) => {
      await c.eventBridge.send(new RemoveTargetsCommand({ Rule: CLOUDTRAIL_RULE, Ids: ['detect'] }));
      await c.eventBridge.send(new DeleteRuleCommand({ Name: CLOUDTRAIL_RULE }));
    },
    check: 'event-rules',
    summary:
      "no warden-test-* rule on the default bus carries CloudTrail events: this account's changes never reach detect",
    fix: 'redeploy the stage: npx osls deploy --stage test',
  },
  {
    name: 'the sweep schedule is disabled',
    spoil: (c) => c.eventBridge.send(new DisableRuleCommand({ Name: SWEEP_RULE })),
    check: 'event-rules',
    summary: `${SWEEP_RULE} is DISABLED`,
    fix: `aws events enable-rule --name ${SWEEP_RULE}`,
  },
  {
    name: 'nothing on Warden’s bus takes action requests',
    spoil: async (c) => {
      await c.eventBridge.send(
        new RemoveTargetsCommand({ Rule: ACTION_RULE, EventBusName: NAMES.eventBusName, Ids: ['execute'] }),
      );
      await c.eventBridge.send(new DeleteRuleCommand({ Name: ACTION_RULE, EventBusName: NAMES.eventBusName }));
    },
    check: 'event-rules',
    summary: 'no rule on warden-test carries "Warden Action Requested": approved actions never reach execute',
    fix: 'redeploy the stage: npx osls deploy --stage test',
  },
  {
    name: 'the trail stopped logging',
    spoil: (c) => c.cloudTrail.send(new StopLoggingCommand({ Name: TRAIL })),
    check: 'trail',
    summary: `${TRAIL}: not logging`,
    fix: `aws cloudtrail start-logging --name ${TRAIL}`,
  },
  {
    name: 'the trail covers one region',
    spoil: (c) => c.cloudTrail.send(new UpdateTrailCommand({ Name: TRAIL, IsMultiRegionTrail: false })),
    check: 'trail',
    summary: `${TRAIL}: single-region`,
    fix: `aws cloudtrail update-trail --name ${TRAIL} --is-multi-region-trail`,
  },
  {
    name: 'the trail records read-only management events',
    spoil: (c) =>
      c.cloudTrail.send(
        new PutEventSelectorsCommand({
          TrailName: TRAIL,
          EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }],
        }),
      ),
    check: 'trail',
    summary: `${TRAIL}: management write events not selected`,
    fix: `aws cloudtrail put-event-selectors --trail-name ${TRAIL} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`,
  },
  {
    name: 'the table is missing',
    spoil: (c) => c.dynamodb.send(new DeleteTableCommand({ TableName: NAMES.tableName })),
    check: 'table',
    summary: `no table ${NAMES.tableName}`,
    fix: 'deploy the stage: npx osls deploy --stage test',
  },
  {
    name: 'point-in-time recovery is off',
    spoil: (c) =>
      c.dynamodb.send(
        new UpdateContinuousBackupsCommand({
          TableName: NAMES.tableName,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
        }),
      ),
    check: 'table',
    summary: `${NAMES.tableName} is ACTIVE but point-in-time recovery is DISABLED`,
    fix: `aws dynamodb update-continuous-backups --table-name ${NAMES.tableName} --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true`,
  },
  {
    name: 'the alert topic is missing',
    spoil: (c) => c.sns.send(new DeleteTopicCommand({ TopicArn: TOPIC_ARN })),
    check: 'alert-topic',
    summary: `no topic ${TOPIC_ARN}`,
    fix: 'deploy the stage: npx osls deploy --stage test',
  },
];

describe('warden doctor on a broken stage', () => {
  it.each(BROKEN)('fails when $name, with the fix', async ({ spoil, check, summary, fix }) => {
    await arrangeHealthyStage();
    await spoil(aws());

    const run = await doctor();

    expect(run.code).toBe(1);
    expect(run.checks.filter((printed) => printed.status === 'FAIL')).toEqual([
      { status: 'FAIL', check, summary, fix },
    ]);
    expect(run.stdout).toMatch(/, 1 failed, /);
  });

  it('fails when the token lacks a scope, naming it', async () => {
    await arrangeHealthyStage();
    const server = await startFakeSlackServer({
      channels: SLACK_CHANNELS,
      scopes: requiredBotScopes().filter((scope) => scope !== 'usergroups:read'),
    });
    try {
      const run = await doctor({ slackUrl: server.url });
      expect(run.code).toBe(1);
      expect(run.checks.filter((printed) => printed.status === 'FAIL')).toEqual([
        {
          status: 'FAIL',
          check: 'slack-scopes',
          summary: 'missing usergroups:read',
          fix: 'add the scopes in slack-app-manifest.yml under OAuth & Permissions (or re-paste the manifest), reinstall the app and store the new token',
        },
      ]);
    } finally {
      await server.close();
    }
  });

  it('warns about scopes Warden does not use', async () => {
    await arrangeHealthyStage();
    const server = await startFakeSlackServer({
      channels: SLACK_CHANNELS,
      scopes: [...requiredBotScopes(), 'chat:write.public'],
    });
    try {
      const run = await doctor({ slackUrl: server.url });
      expect(run.code).toBe(0);
      expect(run.byCheck('slack-scopes')[0]).toMatchObject({
        status: 'WARN',
        summary: `all ${requiredBotScopes().length} needed; also granted chat:write.public`,
      });
    } finally {
      await server.close();
    }
  });

  it('fails when the bot is not in a configured channel, with the invite to run', async () => {
    await arrangeHealthyStage();
    const server = await startFakeSlackServer({ channels: SLACK_CHANNELS, botChannels: ['security-alerts'] });
    try {
      const run = await doctor({ slackUrl: server.url });
      expect(run.code).toBe(1);
      expect(run.checks.filter((printed) => printed.status === 'FAIL')).toEqual([
        {
          status: 'FAIL',
          check: 'slack-channel',
          summary: '#security-oncall (C0ONCALL01): the bot is not a member',
          fix: 'in Slack, open #security-oncall and run /invite @Warden',
        },
      ]);
    } finally {
      await server.close();
    }
  });

  it('fails when a channel named in the config does not exist', async () => {
    await arrangeHealthyStage();
    await writeFile(path.join(dir, 'warden.config.yml'), 'slack:\n  channels:\n    default: nowhere\n');

    const run = await doctor();

    expect(run.code).toBe(1);
    expect(run.checks.filter((printed) => printed.status === 'FAIL')).toEqual([
      {
        status: 'FAIL',
        check: 'slack-channel',
        summary: '#nowhere: not found, or private without the bot',
        fix: 'create #nowhere or fix slack.channels in warden.config.yml; for a private channel: in Slack, open #nowhere and run /invite @Warden',
      },
    ]);
  });
});

describe('warden doctor usage', () => {
  it('requires --stage', async () => {
    const out = collectingIo(dir);
    expect(await runCli(['doctor'], out.io)).toBe(1);
    expect(out.stderr()).toBe('warden: doctor: --stage is required (see "warden doctor --help")\n');
  });

  it('rejects a malformed member account id', async () => {
    const out = collectingIo(dir);
    expect(
      await runCli(['doctor', '--stage', 'prod', '--region', REGION, '--member-accounts', '1234,111122223333'], out.io),
    ).toBe(1);
    expect(out.stderr()).toBe('warden: --member-accounts: not a 12-digit account id: 1234\n');
  });

  it('prints its help', async () => {
    const out = collectingIo(dir);
    expect(await runCli(['doctor', '--help'], out.io)).toBe(0);
    expect(out.stdout()).toContain('Usage: warden doctor --stage <stage> [options]');
  });
});

describe('warden doctor on the organisation the sweep read', () => {
  it('warns when warden.config.yml names another organisation than Organizations', async () => {
    await arrangeHealthyStage();
    await writeFile(path.join(dir, 'warden.config.yml'), `${CONFIG}organizationId: o-configured01\n`);
    const run = await doctor();

    expect(run.code).toBe(0);
    expect(run.byCheck('organization')).toEqual([
      {
        status: 'WARN',
        check: 'organization',
        summary:
          "warden.config.yml says o-configured01, Organizations says o-a1b2c3d4e5: the config wins, Organizations' accounts are not used",
        fix: 'correct organizationId in warden.config.yml (or remove it to use Organizations)',
      },
    ]);
  });

  it('warns when neither the config nor Organizations tells the organisation id', async () => {
    await arrangeHealthyStage();
    await organizationFacts().put({ known: false, reason: 'access-denied', readAt: '2026-01-05T07:00:00.000Z' });
    const run = await doctor();

    expect(run.byCheck('organization')).toEqual([
      {
        status: 'WARN',
        check: 'organization',
        summary:
          'organisation id unknown (the hub may not read Organizations): aws:PrincipalOrgID trusts are reported as not verified',
        fix: 'set organizationId in warden.config.yml, or run the hub in the management or a delegated-administrator account',
      },
    ]);
  });
});
