import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it, vi } from 'vitest';
import { type ClientSet, DEFAULT_READER_ROLE, accountClientsFor } from '../../shared/aws/account-clients.js';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { remediationClientsFor } from '../../shared/aws/remediation-clients.js';
import { ConfigError } from '../../shared/errors/warden-error.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';

const moto = useMotoServer();
const MEMBER = '222222222222';

/** Detect's set: IAM alone. */
const IAM_ONLY: ClientSet<IAMClient> = { kind: 'iam', build: (options) => new IAMClient(sdkClientConfig(options)) };

function countingSts() {
  const sts = new STSClient(sdkClientConfig(moto.server.clientOptions));
  const send = vi.spyOn(sts, 'send');
  const assumed = () =>
    send.mock.calls
      .map(([command]) => command)
      .filter((c) => c instanceof AssumeRoleCommand)
      .map((c) => c.input);
  return { sts, assumed };
}

async function accountOf(iam: IAMClient): Promise<string | undefined> {
  const credentials = await iam.config.credentials();
  const sts = new STSClient(sdkClientConfig({ ...moto.server.clientOptions, credentials }));
  return (await sts.send(new GetCallerIdentityCommand({}))).Account;
}

describe('accountClientsFor', () => {
  it('builds only the clients of the set asked for, in the member account through the role given', async () => {
    const { sts, assumed } = countingSts();
    const deps = {
      sts,
      options: moto.server.clientOptions,
      hubAccountId: DEFAULT_ACCOUNT,
      roleName: DEFAULT_READER_ROLE,
      externalId: 'warden-ext',
      clock: () => new Date(),
    };
    const iam = await accountClientsFor(MEMBER, deps, IAM_ONLY);
    expect(iam).toBeInstanceOf(IAMClient);
    expect(await accountOf(iam)).toBe(MEMBER);
    expect(assumed()).toEqual([
      {
        RoleArn: `arn:aws:iam::${MEMBER}:role/WardenReader`,
        RoleSessionName: 'warden-remediation',
        DurationSeconds: 900,
        ExternalId: 'warden-ext',
      },
    ]);
    expect(await accountClientsFor(MEMBER, deps, IAM_ONLY)).toBe(iam);
    expect(assumed()).toHaveLength(1);
  });

  it('keeps sets of different kinds apart for the same account and role', async () => {
    const { sts } = countingSts();
    const deps = { sts, options: moto.server.clientOptions, hubAccountId: DEFAULT_ACCOUNT, clock: () => new Date() };
    const iam = await accountClientsFor(DEFAULT_ACCOUNT, deps, IAM_ONLY);
    const remediation = await remediationClientsFor(DEFAULT_ACCOUNT, deps);
    expect(iam).toBeInstanceOf(IAMClient);
    expect(remediation.iam).toBeInstanceOf(IAMClient);
    expect(remediation.cloudtrail).toBeDefined();
    expect(await accountClientsFor(DEFAULT_ACCOUNT, deps, IAM_ONLY)).toBe(iam);
  });

  it('refuses to address a member account when no ExternalId is configured, without calling STS', async () => {
    const { sts, assumed } = countingSts();
    const deps = { sts, options: moto.server.clientOptions, hubAccountId: DEFAULT_ACCOUNT, clock: () => new Date() };
    const refused = accountClientsFor(MEMBER, deps, IAM_ONLY);
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(
      /no ExternalId configured to assume arn:aws:iam::222222222222:role\/WardenRemediation/,
    );
    expect(assumed()).toEqual([]);
    // The hub account needs none: its own credentials act there.
    expect(await accountOf(await accountClientsFor(DEFAULT_ACCOUNT, deps, IAM_ONLY))).toBe(DEFAULT_ACCOUNT);
  });
});
