import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { readRuntimeEnv } from '../../shared/config.js';
import { ConfigError } from '../../shared/errors/warden-error.js';
import { IAM_CLIENT, runtimeClients } from '../../shared/runtime/runtime-clients.js';
import { restoreEnvironmentAfterEach } from '../helpers/handler-environment.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';

const moto = useMotoServer();
restoreEnvironmentAfterEach();
const MEMBER = '222222222222';

/** The environment a deployed function sees, pointed at moto, with `extra` variables. */
function env(extra: Record<string, string> = {}) {
  return readRuntimeEnv({
    AWS_REGION: moto.server.clientOptions.region,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    WARDEN_TABLE_NAME: 'warden-test',
    WARDEN_EVENT_BUS_NAME: 'warden-test',
    WARDEN_HUB_ACCOUNT_ID: DEFAULT_ACCOUNT,
    WARDEN_AWS_ENDPOINT: moto.server.endpoint,
    ...extra,
  });
}

async function accountOf(iam: IAMClient): Promise<string | undefined> {
  const credentials = await iam.config.credentials();
  const sts = new STSClient(sdkClientConfig({ ...moto.server.clientOptions, credentials }));
  return (await sts.send(new GetCallerIdentityCommand({}))).Account;
}

describe('WARDEN_EXTERNAL_ID', () => {
  it('accepts what STS accepts and refuses the rest, naming the variable', () => {
    expect(env({ WARDEN_EXTERNAL_ID: 'warden-7f3a:prod/a=b,c.d@e+f' }).externalId).toBe('warden-7f3a:prod/a=b,c.d@e+f');
    // serverless.yml's default param is empty: no id configured.
    expect(env({ WARDEN_EXTERNAL_ID: '' }).externalId).toBeUndefined();
    expect(env().externalId).toBeUndefined();
    for (const bad of ['x', 'has space', 'semi;colon', 'a'.repeat(1225)]) {
      expect(() => env({ WARDEN_EXTERNAL_ID: bad }), bad).toThrow(ConfigError);
      expect(() => env({ WARDEN_EXTERNAL_ID: bad }), bad).toThrow(/WARDEN_EXTERNAL_ID/);
    }
    expect(env({ WARDEN_EXTERNAL_ID: 'a'.repeat(1224) }).externalId).toHaveLength(1224);
  });

  it('reaches the member AssumeRole of runtime clients; without it a member account fails with a ConfigError', async () => {
    // The SDK's default chain, as in Lambda: the function's own (emulator) credentials.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
    const configured = runtimeClients(env({ WARDEN_EXTERNAL_ID: 'warden-ext' }), 'warden-test');
    expect(await accountOf(await configured.clientsIn(IAM_CLIENT)(MEMBER))).toBe(MEMBER);

    const unconfigured = runtimeClients(env(), 'warden-test', { roleName: 'WardenReader' });
    await expect(unconfigured.clientsIn(IAM_CLIENT)(MEMBER)).rejects.toThrow(
      new ConfigError(
        `no ExternalId configured to assume arn:aws:iam::${MEMBER}:role/WardenReader: set the hub's memberExternalId param (WARDEN_EXTERNAL_ID) to the StackSet's ExternalId`,
      ),
    );
    // The hub account is still served with the function's own credentials.
    expect(await accountOf(await unconfigured.clientsIn(IAM_CLIENT)(''))).toBe(DEFAULT_ACCOUNT);
  });
});
