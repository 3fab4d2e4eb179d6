import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ParameterNotFound, type SSMClient } from '@aws-sdk/client-ssm';
import { SSM_PREFIX, slackSecretLocation } from '../../shared/slack/slack-credentials.js';
import { type CheckResult, errorText, fail, pass } from './check-result.js';

export interface SlackSecretClients {
  readonly secretsManager: SecretsManagerClient;
  readonly ssm: SSMClient;
}

export interface SlackSecretCheck {
  readonly result: CheckResult;
  /** The bot token, when the secret holds one (used by the Slack checks). */
  readonly botToken?: string;
}

const CHECK = 'slack-secret';

/**
 * The secret's value where the functions read it (shared/slack/slack-credentials.ts:
 * `ssm:<name>` is an SSM SecureString, anything else a Secrets Manager id). For a
 * Secrets Manager id that does not exist, the SSM parameter `/<id>` is tried too,
 * so doctor can say where the credentials are when they were put in SSM instead.
 */
async function readSecret(
  clients: SlackSecretClients,
  secretId: string,
): Promise<{ where: string; value: string | undefined } | undefined> {
  const location = slackSecretLocation(secretId);
  if (location.store === 'secrets-manager') {
    try {
      const { SecretString } = await clients.secretsManager.send(
        new GetSecretValueCommand({ SecretId: location.name }),
      );
      return { where: `Secrets Manager secret ${location.name}`, value: SecretString };
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
  const name = location.store === 'ssm' ? location.name : `/${location.name.replace(/^\//, '')}`;
  try {
    const { Parameter } = await clients.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    const hint = location.store === 'ssm' ? '' : ` (deploy with slackSecretId ${SSM_PREFIX}${name})`;
    return { where: `SSM parameter ${name}${hint}`, value: Parameter?.Value };
  } catch (error) {
    if (error instanceof ParameterNotFound) return undefined;
    throw error;
  }
}

function field(value: Record<string, unknown>, key: string): string | undefined {
  const found = value[key];
  return typeof found === 'string' && found.trim() !== '' ? found : undefined;
}

/**
 * The Slack credentials exist where the functions read them (Secrets Manager
 * `warden/<stage>/slack`, or an SSM SecureString given as `ssm:<name>`) and
 * hold a JSON object with `botToken` (xoxb-…) and `signingSecret`.
 */
export async function checkSlackSecret(clients: SlackSecretClients, secretId: string): Promise<SlackSecretCheck> {
  const location = slackSecretLocation(secretId);
  const value = `'{"botToken":"xoxb-…","signingSecret":"…"}'`;
  const create =
    location.store === 'ssm'
      ? `aws ssm put-parameter --name ${location.name} --type SecureString --value ${value}`
      : `aws secretsmanager create-secret --name ${location.name} --secret-string ${value}`;
  let found: Awaited<ReturnType<typeof readSecret>>;
  try {
    found = await readSecret(clients, secretId);
  } catch (error) {
    return {
      result: fail(
        CHECK,
        `cannot read ${secretId}: ${errorText(error)}`,
        'allow these credentials secretsmanager:GetSecretValue (and ssm:GetParameter) on it',
      ),
    };
  }
  if (!found) {
    return { result: fail(CHECK, `no secret ${secretId} in Secrets Manager or SSM`, `create it: ${create}`) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(found.value ?? '');
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      result: fail(
        CHECK,
        `${found.where} is not a JSON object`,
        `store {"botToken":"xoxb-…","signingSecret":"…"} in it`,
      ),
    };
  }
  const botToken = field(parsed as Record<string, unknown>, 'botToken');
  const signingSecret = field(parsed as Record<string, unknown>, 'signingSecret');
  const missing = [botToken ? undefined : 'botToken', signingSecret ? undefined : 'signingSecret'].filter(Boolean);
  if (missing.length > 0) {
    return {
      result: fail(
        CHECK,
        `${found.where} lacks ${missing.join(' and ')}`,
        'copy the Bot User OAuth Token and the Signing Secret from the Slack app into it',
      ),
      ...(botToken ? { botToken } : {}),
    };
  }
  if (!botToken!.startsWith('xoxb-')) {
    return {
      result: fail(
        CHECK,
        `${found.where}: botToken is not a bot token (xoxb-…)`,
        'use the Bot User OAuth Token from OAuth & Permissions, not a user or app token',
      ),
    };
  }
  return { result: pass(CHECK, `${found.where} has botToken and signingSecret`), botToken: botToken! };
}
