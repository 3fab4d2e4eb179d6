/**
 * moto's AssumeRole succeeds for any role ARN (it checks neither that the role
 * exists nor that it trusts the caller), so refusals are answered by
 * aws-sdk-client-mock here; the assumable case also runs on moto in
 * doctor-command.test.ts.
 */
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkMemberRoles,
  DOCTOR_SESSION_NAME,
  type MemberRolesInput,
} from '../../../cli/doctor/check-member-roles.js';

const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const stsMock = mockClient(sts);
afterEach(() => stsMock.reset());

const OK = '111122223333';
const REFUSED = '444455556666';
const roleArn = (account: string) => `arn:aws:iam::${account}:role/WardenRemediation`;

const accessDenied = new STSServiceException({
  name: 'AccessDenied',
  $fault: 'client',
  $metadata: {},
  message: `User: arn:aws:sts::123456789012:assumed-role/Admin/me is not authorized to perform: sts:AssumeRole on resource: ${roleArn(REFUSED)}`,
});

function input(callerArn: string, accounts = [OK, REFUSED]): MemberRolesInput {
  return {
    accounts,
    roleName: 'WardenRemediation',
    partition: 'aws',
    trustedRoleName: 'warden-prod-execute',
    callerArn,
    stackSetName: 'warden-prod-member',
    homeRegion: 'us-east-1',
    externalId: 'warden-ext',
  };
}

function arrange(): void {
  stsMock
    .on(AssumeRoleCommand, { RoleArn: roleArn(OK) })
    .resolves({
      AssumedRoleUser: {
        Arn: `arn:aws:sts::${OK}:assumed-role/WardenRemediation/warden-doctor`,
        AssumedRoleId: 'AROA:warden-doctor',
      },
    })
    .on(AssumeRoleCommand, { RoleArn: roleArn(REFUSED) })
    .rejects(accessDenied);
}

describe('checkMemberRoles', () => {
  it('passes an assumable role; a refusal seen by an operator is a warning pointing at the StackSet', async () => {
    arrange();

    const results = await checkMemberRoles(sts, input('arn:aws:sts::123456789012:assumed-role/Admin/me'));

    expect(results).toEqual([
      { check: 'member-role', status: 'pass', summary: `${roleArn(OK)} assumable` },
      {
        check: 'member-role',
        status: 'warn',
        summary: `${roleArn(REFUSED)}: AccessDenied; it trusts only warden-prod-execute, so from here a missing role looks the same`,
        fix: `aws cloudformation describe-stack-instance --stack-set-name warden-prod-member --stack-instance-account ${REFUSED} --stack-instance-region us-east-1 (expect Status CURRENT), or deploy infra/member-account.yml to ${REFUSED} (StackSet warden-prod-member, README "Deploy" step 9)`,
      },
    ]);
    expect(stsMock.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input)).toEqual(
      [OK, REFUSED].map((account) => ({
        RoleArn: roleArn(account),
        RoleSessionName: DOCTOR_SESSION_NAME,
        DurationSeconds: 900,
        ExternalId: 'warden-ext',
      })),
    );
  });

  it('fails a refusal when run as the execute role the member role trusts', async () => {
    arrange();

    const results = await checkMemberRoles(
      sts,
      input('arn:aws:sts::123456789012:assumed-role/warden-prod-execute/doctor', [REFUSED]),
    );

    expect(results).toEqual([
      {
        check: 'member-role',
        status: 'fail',
        summary: `${roleArn(REFUSED)}: AccessDenied: ${accessDenied.message}`,
        fix: `deploy infra/member-account.yml to ${REFUSED} (StackSet warden-prod-member, README "Deploy" step 9); check that --external-id is the StackSet's ExternalId`,
      },
    ]);
  });

  it('skips when no member account is given', async () => {
    expect(await checkMemberRoles(sts, input('arn:aws:iam::123456789012:user/me', []))).toEqual([
      { check: 'member-role', status: 'skip', summary: 'no member accounts given (--member-accounts 111122223333,…)' },
    ]);
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('fails, without calling STS, when member accounts are given but no external id', async () => {
    arrange();
    const { externalId: _omitted, ...withoutId } = input('arn:aws:iam::123456789012:user/me');
    expect(await checkMemberRoles(sts, withoutId)).toEqual([
      {
        check: 'member-role',
        status: 'fail',
        summary: 'no external id given for 2 member account(s): the member roles require sts:ExternalId',
        fix: 'pass --external-id <id>: the StackSet ExternalId, deployed to the hub as param memberExternalId',
      },
    ]);
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});
