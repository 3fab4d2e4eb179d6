import { styleText } from 'node:util';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { WebClient } from '@slack/web-api';
import { sdkClientConfig } from '../shared/aws/aws-client-options.js';
import type { CheckResult, CheckStatus } from './doctor/check-result.js';
import { configuredChannels, type DoctorClients, runDoctor } from './doctor/run-doctor.js';
import { CliError, type CliIo } from './cli-io.js';
import { loadConfigForCli } from './config-command.js';
import { ExitCode } from './exit-codes.js';
import { parseCommandArgs } from './parse-command-args.js';

export const DOCTOR_HELP = `Usage: warden doctor --stage <stage> [options]

Checks a deployed stage, read-only: AWS credentials, the Slack secret, bot
token, scopes and channel membership, the EventBridge rules, a multi-region
trail logging management events, member-account remediation roles, the table
(ACTIVE, point-in-time recovery), the organisation the sweep read from
Organizations (against organizationId in the config) and the alert topic. Each check prints PASS,
WARN, FAIL or SKIP, and a failing one the fix. Exit code 0 when nothing fails.

AWS credentials come from the SDK's default chain (AWS_PROFILE, environment,
SSO, instance role): use those of the hub account.

Options:
  -s, --stage <stage>              the stage deployed with "osls deploy --stage" (required)
  -r, --region <region>            the hub region (default: AWS_REGION / the profile's region)
  -c, --config <file>              warden.config.yml, for the Slack channels (default: ./warden.config.yml)
      --member-accounts <ids>      comma-separated member account ids whose WardenRemediation role to assume
      --external-id <id>           external id the member roles require (the hub's memberExternalId)
      --slack-secret <id>          Secrets Manager id or SSM parameter (default: warden/<stage>/slack)
      --endpoint <url>             AWS endpoint override (a local emulator)
  -h, --help                       show this help
`;

/** What tests inject: static credentials for the emulator, the fake Slack's URL. */
export interface DoctorCommandOverrides {
  readonly credentials?: AwsCredentialIdentity;
  readonly slackApiUrl?: string;
}

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };
const STYLE = { pass: 'green', warn: 'yellow', fail: 'red', skip: 'gray' } as const;

export function formatCheck(result: CheckResult, color: boolean): string {
  const label = color
    ? styleText(STYLE[result.status], LABEL[result.status], { validateStream: false })
    : LABEL[result.status];
  const line = `${label}  ${result.check.padEnd(14)} ${result.summary}\n`;
  return result.fix ? `${line}      ${' '.repeat(14)} fix: ${result.fix}\n` : line;
}

function accountList(value: string | undefined): string[] {
  if (!value) return [];
  const accounts = value
    .split(',')
    .map((account) => account.trim())
    .filter((account) => account !== '');
  const bad = accounts.filter((account) => !/^\d{12}$/.test(account));
  if (bad.length > 0) throw new CliError(`--member-accounts: not a 12-digit account id: ${bad.join(', ')}`);
  return [...new Set(accounts)];
}

async function resolveRegion(flag: string | undefined, endpoint: string | undefined): Promise<string> {
  if (flag) return flag;
  try {
    const probe = new STSClient(endpoint ? { endpoint } : {});
    return await probe.config.region();
  } catch {
    throw new CliError('doctor: no region: pass --region or set AWS_REGION');
  }
}

export async function runDoctorCommand(
  args: readonly string[],
  io: CliIo,
  overrides: DoctorCommandOverrides = {},
): Promise<number> {
  const { values, positionals } = parseCommandArgs('doctor', args, {
    stage: { type: 'string', short: 's' },
    region: { type: 'string', short: 'r' },
    config: { type: 'string', short: 'c' },
    'member-accounts': { type: 'string' },
    'external-id': { type: 'string' },
    'slack-secret': { type: 'string' },
    endpoint: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(DOCTOR_HELP);
    return ExitCode.ok;
  }
  if (positionals.length > 0) throw new CliError(`doctor: unexpected argument "${positionals[0]}"`);
  const stage = values.stage;
  if (!stage) throw new CliError('doctor: --stage is required (see "warden doctor --help")');
  if (!/^[A-Za-z0-9-]{1,32}$/.test(stage)) throw new CliError(`doctor: invalid stage "${stage}"`);
  const memberAccounts = accountList(values['member-accounts']);
  const config = loadConfigForCli(values.config ?? 'warden.config.yml', io.cwd);
  const region = await resolveRegion(values.region, values.endpoint);

  const aws = sdkClientConfig({
    region,
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(overrides.credentials ? { credentials: overrides.credentials } : {}),
    maxAttempts: 2,
  });
  const clients: DoctorClients = {
    sts: new STSClient(aws),
    secretsManager: new SecretsManagerClient(aws),
    ssm: new SSMClient(aws),
    eventBridge: new EventBridgeClient(aws),
    cloudTrail: new CloudTrailClient(aws),
    dynamodb: new DynamoDBClient(aws),
    sns: new SNSClient(aws),
    slack: (token) =>
      new WebClient(token, {
        retryConfig: { retries: 1 },
        timeout: 10_000,
        ...(overrides.slackApiUrl ? { slackApiUrl: overrides.slackApiUrl } : {}),
      }),
  };

  io.stdout(`warden doctor: stage ${stage}, region ${region}\n`);
  const results = await runDoctor(
    clients,
    {
      stage,
      region,
      channels: configuredChannels(config),
      memberAccounts,
      ...(values['slack-secret'] ? { slackSecretId: values['slack-secret'] } : {}),
      ...(values['external-id'] ? { externalId: values['external-id'] } : {}),
      ...(config.organizationId ? { organizationId: config.organizationId } : {}),
    },
    (result) => io.stdout(formatCheck(result, io.color)),
  );
  const count = (status: CheckStatus) => results.filter((result) => result.status === status).length;
  const failed = count('fail');
  io.stdout(`${count('pass')} passed, ${failed} failed, ${count('warn')} warnings, ${count('skip')} skipped\n`);
  return failed === 0 ? ExitCode.ok : ExitCode.error;
}
