import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { ConfigError } from '../../shared/errors/warden-error.js';
import { slackCredentials, slackSecretLocation } from '../../shared/slack/slack-credentials.js';
import { useMotoServer } from '../helpers/moto-server.js';

const moto = useMotoServer();

const SECRET = JSON.stringify({ botToken: 'xoxb-from-store', signingSecret: 'sign-from-store' });

/** Counts the requests a client sends (after the cache, before the wire). */
function counted<C extends SecretsManagerClient | SSMClient>(client: C): { client: C; requests: () => number } {
  let requests = 0;
  (client.middlewareStack as unknown as SSMClient['middlewareStack']).add(
    (next) => async (args) => {
      requests += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return { client, requests: () => requests };
}

describe('slackCredentials', () => {
  it('reads {botToken, signingSecret} from Secrets Manager and caches it', async () => {
    const config = sdkClientConfig(moto.server.clientOptions);
    const secrets = counted(new SecretsManagerClient(config));
    await secrets.client.send(new CreateSecretCommand({ Name: 'warden/test/slack', SecretString: SECRET }));
    const before = secrets.requests();
    const source = slackCredentials({ secretId: 'warden/test/slack', secretsManager: secrets.client });

    expect(await source.get()).toEqual({ botToken: 'xoxb-from-store', signingSecret: 'sign-from-store' });
    expect(await source.get()).toEqual({ botToken: 'xoxb-from-store', signingSecret: 'sign-from-store' });
    expect(secrets.requests() - before).toBe(1);
  });

  it('reads an SSM SecureString parameter with decryption when the id starts with ssm:, and caches it', async () => {
    const config = sdkClientConfig(moto.server.clientOptions);
    const ssm = counted(new SSMClient(config));
    await ssm.client.send(new PutParameterCommand({ Name: '/warden/test/slack', Value: SECRET, Type: 'SecureString' }));
    const before = ssm.requests();
    const source = slackCredentials({ secretId: 'ssm:/warden/test/slack', ssm: ssm.client });

    expect(await source.get()).toEqual({ botToken: 'xoxb-from-store', signingSecret: 'sign-from-store' });
    await source.get();
    expect(ssm.requests() - before).toBe(1);
  });

  it('reads again once the cache is older than the TTL', async () => {
    const config = sdkClientConfig(moto.server.clientOptions);
    const secrets = counted(new SecretsManagerClient(config));
    await secrets.client.send(new CreateSecretCommand({ Name: 'ttl', SecretString: SECRET }));
    const before = secrets.requests();
    const source = slackCredentials({ secretId: 'ttl', secretsManager: secrets.client, maxAgeSeconds: 1 });
    await source.get();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await source.get();
    expect(secrets.requests() - before).toBe(2);
  });

  it('builds its own client from client options', async () => {
    const config = sdkClientConfig(moto.server.clientOptions);
    await new SecretsManagerClient(config).send(new CreateSecretCommand({ Name: 'own', SecretString: SECRET }));
    const source = slackCredentials({ secretId: 'own', clientOptions: moto.server.clientOptions });
    expect((await source.get()).botToken).toBe('xoxb-from-store');
  });

  it('refuses a secret of the wrong shape without echoing it, and a missing one', async () => {
    const config = sdkClientConfig(moto.server.clientOptions);
    await new SecretsManagerClient(config).send(
      new CreateSecretCommand({ Name: 'bad', SecretString: JSON.stringify({ token: 'xoxb-leak-me' }) }),
    );
    const bad = slackCredentials({ secretId: 'bad', clientOptions: moto.server.clientOptions });
    const error = await bad.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toContain('must be JSON {"botToken","signingSecret"}');
    expect(String((error as Error).message)).not.toContain('xoxb-leak-me');

    const missing = slackCredentials({ secretId: 'nope', clientOptions: moto.server.clientOptions });
    await expect(missing.get()).rejects.toThrow('cannot read the Slack credentials from secrets-manager "nope"');
  });

  it('tells SSM ids from Secrets Manager ids', () => {
    expect(slackSecretLocation('ssm:/warden/slack')).toEqual({ store: 'ssm', name: '/warden/slack' });
    expect(slackSecretLocation('arn:aws:secretsmanager:us-east-1:1:secret:x')).toEqual({
      store: 'secrets-manager',
      name: 'arn:aws:secretsmanager:us-east-1:1:secret:x',
    });
  });
});
