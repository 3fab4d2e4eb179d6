import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CreateUserCommand,
  GetUserCommand,
  type IAMClient,
  ListAttachedUserPoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, vi } from 'vitest';
import { quarantineUser } from '../../shared/actions/quarantine-user.js';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { remediationClientsFor } from '../../shared/aws/remediation-clients.js';
import { silentLogger } from '../helpers/action-env.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();
const MEMBER = '222222222222';

/** An STS client on moto, and the AssumeRole requests it sent. */
function countingSts(): { sts: STSClient; assumed: () => unknown[] } {
  const sts = new STSClient(sdkClientConfig(moto.server.clientOptions));
  const send = vi.spyOn(sts, 'send');
  return {
    sts,
    assumed: () =>
      send.mock.calls
        .map(([command]) => command)
        .filter((c) => c instanceof AssumeRoleCommand)
        .map((c) => c.input),
  };
}

async function accountOf(iam: IAMClient): Promise<string | undefined> {
  const config = await iam.config.credentials();
  const sts = new STSClient(sdkClientConfig({ ...moto.server.clientOptions, credentials: config }));
  return (await sts.send(new GetCallerIdentityCommand({}))).Account;
}

async function userExists(iam: IAMClient, userName: string): Promise<boolean> {
  try {
    await iam.send(new GetUserCommand({ UserName: userName }));
    return true;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return false;
    throw error;
  }
}

describe('remediationClientsFor', () => {
  it('uses the function’s own credentials in the hub account, without STS', async () => {
    const { sts, assumed } = countingSts();
    const deps = { sts, options: moto.server.clientOptions, hubAccountId: DEFAULT_ACCOUNT, clock: () => new Date() };
    const clients = await remediationClientsFor(DEFAULT_ACCOUNT, deps);
    expect(await accountOf(clients.iam)).toBe(DEFAULT_ACCOUNT);
    expect(assumed()).toEqual([]);
  });

  it('assumes WardenRemediation in a member account and acts there, not in the hub', async () => {
    const { sts, assumed } = countingSts();
    const hub = await remediationClientsFor(DEFAULT_ACCOUNT, {
      sts,
      options: moto.server.clientOptions,
      hubAccountId: DEFAULT_ACCOUNT,
      clock: () => new Date(),
    });
    const deps = {
      sts,
      options: moto.server.clientOptions,
      hubAccountId: DEFAULT_ACCOUNT,
      externalId: 'warden-ext',
      clock: () => new Date(),
    };
    const member = await remediationClientsFor(MEMBER, deps);
    expect(assumed()).toEqual([
      {
        RoleArn: `arn:aws:iam::${MEMBER}:role/WardenRemediation`,
        RoleSessionName: 'warden-remediation',
        DurationSeconds: 900,
        ExternalId: 'warden-ext',
      },
    ]);
    expect(await accountOf(member.iam)).toBe(MEMBER);

    // Arrange a user in the member account only, then quarantine it through the assumed clients.
    await member.iam.send(new CreateUserCommand({ UserName: 'mallory' }));
    const result = await applyAction(
      quarantineUser,
      { userName: 'mallory' },
      { ...member, clock: () => new Date(), logger: silentLogger() },
    );
    expect(result.status).toBe('applied');

    const attached = await member.iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'mallory' }));
    expect(attached.AttachedPolicies?.map((policy) => policy.PolicyArn)).toEqual([
      'arn:aws:iam::aws:policy/AWSDenyAll',
    ]);
    expect((await member.iam.send(new GetUserCommand({ UserName: 'mallory' }))).User?.Arn).toBe(
      `arn:aws:iam::${MEMBER}:user/mallory`,
    );
    expect(await userExists(hub.iam, 'mallory')).toBe(false);
  });

  it('reuses assumed clients until shortly before the session expires, then assumes again', async () => {
    const { sts, assumed } = countingSts();
    let now = new Date();
    const deps = {
      sts,
      options: moto.server.clientOptions,
      hubAccountId: DEFAULT_ACCOUNT,
      externalId: 'warden-ext',
      clock: () => now,
    };

    const first = await remediationClientsFor(MEMBER, deps);
    const expiration = (await first.iam.config.credentials()).expiration;
    expect(expiration).toBeInstanceOf(Date);
    now = new Date((expiration?.getTime() ?? 0) - 10 * 60_000);
    expect(await remediationClientsFor(MEMBER, deps)).toBe(first);
    expect(assumed()).toHaveLength(1);

    now = new Date((expiration?.getTime() ?? 0) - 2 * 60_000);
    const second = await remediationClientsFor(MEMBER, deps);
    expect(second).not.toBe(first);
    expect(assumed()).toHaveLength(2);
    expect(await accountOf(second.iam)).toBe(MEMBER);
    // A different account is its own session.
    await remediationClientsFor('333333333333', deps);
    expect(assumed()).toHaveLength(3);
  });

  it('builds the role ARN in the region’s partition, with the external id and role name given', async () => {
    const sts = new STSClient({ region: 'us-gov-west-1' });
    const stsMock = mockClient(sts);
    stsMock.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAEXAMPLE',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date('2025-06-01T12:15:00Z'),
      },
    });
    const clients = await remediationClientsFor(MEMBER, {
      sts,
      options: { region: 'us-gov-west-1' },
      hubAccountId: DEFAULT_ACCOUNT,
      roleName: 'SecurityRemediation',
      externalId: 'warden-ext',
      clock: () => new Date('2025-06-01T12:00:00Z'),
    });
    expect(stsMock.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input)).toEqual([
      {
        RoleArn: `arn:aws-us-gov:iam::${MEMBER}:role/SecurityRemediation`,
        RoleSessionName: 'warden-remediation',
        DurationSeconds: 900,
        ExternalId: 'warden-ext',
      },
    ]);
    expect((await clients.cloudtrail.config.credentials()).accessKeyId).toBe('ASIAEXAMPLE');
    expect(await clients.iam.config.region()).toBe('us-gov-west-1');
  });

  it('lets an STS refusal reach the caller', async () => {
    const sts = new STSClient({ region: 'us-east-1' });
    mockClient(sts)
      .on(AssumeRoleCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(
      remediationClientsFor(MEMBER, {
        sts,
        options: { region: 'us-east-1' },
        hubAccountId: DEFAULT_ACCOUNT,
        externalId: 'warden-ext',
        clock: () => new Date(),
      }),
    ).rejects.toThrow('denied');
  });
});
