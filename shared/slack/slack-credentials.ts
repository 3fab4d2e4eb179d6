/**
 * The Slack bot token and signing secret, read at run time from Secrets
 * Manager or an SSM SecureString parameter and cached (DESIGN §5: never plain
 * environment values; the environment only names where they live).
 *
 * `WARDEN_SLACK_SECRET_ID` (RuntimeEnv.slackSecretId) chooses the store:
 * - `ssm:<parameter name>` — an SSM SecureString parameter (read WithDecryption),
 *   e.g. `ssm:/warden/prod/slack`;
 * - anything else — a Secrets Manager secret name or ARN, e.g. `warden/prod/slack`.
 * Either holds the JSON `{"botToken": "xoxb-…", "signingSecret": "…"}`.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import * as v from 'valibot';
import { type AwsClientOptions, sdkClientConfig } from '../aws/aws-client-options.js';
import { ConfigError } from '../errors/warden-error.js';

export interface SlackCredentials {
  readonly botToken: string;
  readonly signingSecret: string;
}

export interface SlackCredentialsSource {
  /** The credentials, from the cache while younger than the TTL. */
  get(): Promise<SlackCredentials>;
}

export interface SlackCredentialsOptions {
  /** `ssm:<parameter name>` for SSM SecureString, else a Secrets Manager secret id. */
  readonly secretId: string;
  /** Client settings (region, emulator endpoint in tests) when no client is given. */
  readonly clientOptions?: AwsClientOptions;
  /** Injected clients (tests count their requests). */
  readonly secretsManager?: SecretsManagerClient;
  readonly ssm?: SSMClient;
  /** Cache TTL; 5 minutes by default (a rotated token is picked up within it). */
  readonly maxAgeSeconds?: number;
}

export const SSM_PREFIX = 'ssm:';
const DEFAULT_MAX_AGE_SECONDS = 300;

const CredentialsSchema = v.object({
  botToken: v.pipe(v.string(), v.minLength(1)),
  signingSecret: v.pipe(v.string(), v.minLength(1)),
});

/** Where the credentials live, from the configured id. */
export function slackSecretLocation(secretId: string): { store: 'ssm' | 'secrets-manager'; name: string } {
  return secretId.startsWith(SSM_PREFIX)
    ? { store: 'ssm', name: secretId.slice(SSM_PREFIX.length) }
    : { store: 'secrets-manager', name: secretId };
}

export function slackCredentials(options: SlackCredentialsOptions): SlackCredentialsSource {
  const location = slackSecretLocation(options.secretId);
  if (location.name === '') throw new ConfigError('Slack secret id is empty');
  const maxAge = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  const config = sdkClientConfig(options.clientOptions ?? { region: 'us-east-1' });
  const read: () => Promise<unknown> =
    location.store === 'ssm'
      ? (() => {
          const provider = new SSMProvider({ awsSdkV3Client: options.ssm ?? new SSMClient(config) });
          return () => provider.get(location.name, { decrypt: true, transform: 'json', maxAge });
        })()
      : (() => {
          const provider = new SecretsProvider({
            awsSdkV3Client: options.secretsManager ?? new SecretsManagerClient(config),
          });
          return () => provider.get(location.name, { transform: 'json', maxAge });
        })();

  return {
    async get() {
      let value: unknown;
      try {
        value = await read();
      } catch (error) {
        throw new ConfigError(`cannot read the Slack credentials from ${location.store} "${location.name}"`, {
          cause: error,
        });
      }
      const parsed = v.safeParse(CredentialsSchema, value);
      // Never echo the value: it holds the secrets.
      if (!parsed.success) {
        throw new ConfigError(
          `the Slack credentials in ${location.store} "${location.name}" must be JSON {"botToken","signingSecret"}`,
        );
      }
      return { botToken: parsed.output.botToken, signingSecret: parsed.output.signingSecret };
    },
  };
}
