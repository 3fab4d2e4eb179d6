import { CreateUserCommand, GetPolicyCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';

const moto = useMotoServer();

describe('moto test harness', () => {
  it('serves IAM over HTTP to the real SDK client, with AWS managed policies loaded', async () => {
    const iam = new IAMClient(sdkClientConfig(moto.server.clientOptions));
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const users = await iam.send(new ListUsersCommand({}));
    expect(users.Users?.map((user) => user.UserName)).toEqual(['alice']);
    const admin = await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    expect(admin.Policy?.PolicyName).toBe('AdministratorAccess');
    const sts = new STSClient(sdkClientConfig(moto.server.clientOptions));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(DEFAULT_ACCOUNT);
  });

  it('starts every test from an empty account', async () => {
    const iam = new IAMClient(sdkClientConfig(moto.server.clientOptions));
    const users = await iam.send(new ListUsersCommand({}));
    expect(users.Users).toEqual([]);
  });
});
