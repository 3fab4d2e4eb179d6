import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { type CheckResult, errorText, fail, pass, skip, warn } from './check-result.js';

const CHECK = 'member-role';
export const DOCTOR_SESSION_NAME = 'warden-doctor';

export interface MemberRolesInput {
  readonly accounts: readonly string[];
  readonly roleName: string;
  readonly partition: string;
  /** The hub role the member role trusts (`warden-<stage>-execute`). */
  readonly trustedRoleName: string;
  /** Who doctor runs as (GetCallerIdentity ARN). */
  readonly callerArn: string;
  /** Where to look when the answer is ambiguous. */
  readonly stackSetName: string;
  readonly homeRegion: string;
  /** The sts:ExternalId the roles require: the hub's memberExternalId (WARDEN_EXTERNAL_ID). */
  readonly externalId?: string;
}

/**
 * The remediation role (infra/member-account.yml) can be assumed in each
 * member account: sts:AssumeRole with a 15-minute session, nothing else.
 *
 * The role trusts only the hub's execute role. Run as anything else, STS
 * refuses a correct role and a missing one alike (AccessDenied), so that
 * answer is a warning pointing at the StackSet instance, not a failure.
 */
export async function checkMemberRoles(sts: STSClient, input: MemberRolesInput): Promise<CheckResult[]> {
  if (input.accounts.length === 0) {
    return [skip(CHECK, 'no member accounts given (--member-accounts 111122223333,…)')];
  }
  // Every member role requires it: assuming without would only report a misleading AccessDenied.
  if (!input.externalId) {
    return [
      fail(
        CHECK,
        `no external id given for ${input.accounts.length} member account(s): the member roles require sts:ExternalId`,
        'pass --external-id <id>: the StackSet ExternalId, deployed to the hub as param memberExternalId',
      ),
    ];
  }
  const externalId = input.externalId;
  const asTrustedRole = input.callerArn.includes(`:assumed-role/${input.trustedRoleName}/`);
  const results: CheckResult[] = [];
  for (const account of input.accounts) {
    const roleArn = `arn:${input.partition}:iam::${account}:role/${input.roleName}`;
    const deploy = `deploy infra/member-account.yml to ${account} (StackSet ${input.stackSetName}, README "Deploy" step 9)`;
    try {
      const { AssumedRoleUser } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: DOCTOR_SESSION_NAME,
          DurationSeconds: 900,
          ExternalId: externalId,
        }),
      );
      const assumedAccount = AssumedRoleUser?.Arn?.split(':')[4];
      if (assumedAccount !== account) {
        results.push(fail(CHECK, `${roleArn}: assumed into account ${assumedAccount ?? '?'}`, 'check the account id'));
      } else {
        results.push(pass(CHECK, `${roleArn} assumable`));
      }
    } catch (error) {
      const denied = error instanceof Error && error.name === 'AccessDenied';
      if (denied && !asTrustedRole) {
        results.push(
          warn(
            CHECK,
            `${roleArn}: AccessDenied; it trusts only ${input.trustedRoleName}, so from here a missing role looks the same`,
            `aws cloudformation describe-stack-instance --stack-set-name ${input.stackSetName} --stack-instance-account ${account} --stack-instance-region ${input.homeRegion} (expect Status CURRENT), or ${deploy}`,
          ),
        );
      } else {
        results.push(
          fail(
            CHECK,
            `${roleArn}: ${errorText(error)}`,
            `${deploy}; check that --external-id is the StackSet's ExternalId`,
          ),
        );
      }
    }
  }
  return results;
}
