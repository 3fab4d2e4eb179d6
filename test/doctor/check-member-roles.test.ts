/**
 * moto's AssumeRole succeeds for any role ARN (it does not check that the role
 * exists or trusts the caller), so the refused case is answered by
 * aws-sdk-client-mock; the assumable case runs on moto in doctor-command.test.ts.
 */
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { checkMemberRoles, DOCTOR_SESSION_NAME } from '../../shared/doctor/check-member-roles.js';

const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const stsMock = mockClient(sts);
afterEach(() => stsMock.reset());

const accessDenied = new STSServiceException({
  name: 'AccessDenied',
  $fault: 'client',
  $metadata: {},
  message:
    'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/WardenRemediation',
});

describe('checkMemberRoles', () => {
  it('passes an assumable role and fails a refused one with the way to fix it', async () => {
    stsMock
      .on(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::111122223333:role/WardenRemediation' })
      .resolves({
        AssumedRoleUser: {
          Arn: 'arn:aws:sts::111122223333:assumed-role/WardenRemediation/warden-doctor',
          AssumedRoleId: 'AROA:warden-doctor',
        },
      })
      .on(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::444455556666:role/WardenRemediation' })
      .rejects(accessDenied);

    const results = await checkMemberRoles(sts, {
      accounts: ['111122223333', '444455556666'],
      roleName: 'WardenRemediation',
      partition: 'aws',
      externalId: 'warden-ext',
    });

    expect(results).toEqual([
      { check: 'member-role', status: 'pass', summary: 'arn:aws:iam::111122223333:role/WardenRemediation assumable' },
      {
        check: 'member-role',
        status: 'fail',
        summary: `arn:aws:iam::444455556666:role/WardenRemediation: AccessDenied: ${accessDenied.message}`,
        fix: 'deploy infra/member-account.yml to 444455556666 (StackSet, see README "Deploy") and run doctor with credentials its trust policy allows',
      },
    ]);
    const requests = stsMock.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);
    expect(requests).toEqual([
      {
        RoleArn: 'arn:aws:iam::111122223333:role/WardenRemediation',
        RoleSessionName: DOCTOR_SESSION_NAME,
        DurationSeconds: 900,
        ExternalId: 'warden-ext',
      },
      {
        RoleArn: 'arn:aws:iam::444455556666:role/WardenRemediation',
        RoleSessionName: DOCTOR_SESSION_NAME,
        DurationSeconds: 900,
        ExternalId: 'warden-ext',
      },
    ]);
  });

  it('skips when no member account is given', async () => {
    expect(await checkMemberRoles(sts, { accounts: [], roleName: 'WardenRemediation', partition: 'aws' })).toEqual([
      { check: 'member-role', status: 'skip', summary: 'no member accounts given (--member-accounts 111122223333,…)' },
    ]);
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});
