import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { accountClientsFor } from '../../shared/aws/account-clients.js';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { REMEDIATION_CLIENTS } from '../../shared/aws/remediation-clients.js';
import { remediationSessionName } from '../../shared/engine/own-calls.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';

const moto = useMotoServer();
const MEMBER = '222222222222';

/** The ARN the member account sees for calls made with these clients. */
async function callerArn(clients: { iam: { config: { credentials: () => Promise<unknown> } } }): Promise<string> {
  const credentials = (await clients.iam.config.credentials()) as {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  };
  const sts = new STSClient(sdkClientConfig({ ...moto.server.clientOptions, credentials }));
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? '';
}

describe('member-role sessions per action', () => {
  it('assumes the role with the session name asked for, and caches per session', async () => {
    const deps = {
      sts: new STSClient(sdkClientConfig(moto.server.clientOptions)),
      options: moto.server.clientOptions,
      hubAccountId: DEFAULT_ACCOUNT,
      externalId: 'warden-ext',
      clock: () => new Date(),
    };
    const first = remediationSessionName('0123456789abcdef-1');
    const second = remediationSessionName('0123456789abcdef-2');

    const a = await accountClientsFor(MEMBER, { ...deps, sessionName: first }, REMEDIATION_CLIENTS);
    const b = await accountClientsFor(MEMBER, { ...deps, sessionName: second }, REMEDIATION_CLIENTS);

    expect(await callerArn(a)).toBe(`arn:aws:sts::${MEMBER}:assumed-role/WardenRemediation/${first}`);
    expect(await callerArn(b)).toBe(`arn:aws:sts::${MEMBER}:assumed-role/WardenRemediation/${second}`);
    expect(b).not.toBe(a);
    expect(await accountClientsFor(MEMBER, { ...deps, sessionName: first }, REMEDIATION_CLIENTS)).toBe(a);
  });
});
