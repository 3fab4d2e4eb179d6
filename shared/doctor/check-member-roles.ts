import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { type CheckResult, errorText, fail, pass, skip } from './check-result.js';

const CHECK = 'member-role';
export const DOCTOR_SESSION_NAME = 'warden-doctor';

export interface MemberRolesInput {
  readonly accounts: readonly string[];
  readonly roleName: string;
  readonly partition: string;
  readonly externalId?: string;
}

/**
 * The remediation role (infra/member-account.yml) can be assumed in each
 * member account: sts:AssumeRole with a 15-minute session, nothing else.
 */
export async function checkMemberRoles(sts: STSClient, input: MemberRolesInput): Promise<CheckResult[]> {
  if (input.accounts.length === 0) {
    return [skip(CHECK, 'no member accounts given (--member-accounts 111122223333,…)')];
  }
  const results: CheckResult[] = [];
  for (const account of input.accounts) {
    const roleArn = `arn:${input.partition}:iam::${account}:role/${input.roleName}`;
    try {
      const { AssumedRoleUser } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: DOCTOR_SESSION_NAME,
          DurationSeconds: 900,
          ...(input.externalId ? { ExternalId: input.externalId } : {}),
        }),
      );
      const assumedAccount = AssumedRoleUser?.Arn?.split(':')[4];
      if (assumedAccount !== account) {
        results.push(fail(CHECK, `${roleArn}: assumed into account ${assumedAccount ?? '?'}`, 'check the account id'));
      } else {
        results.push(pass(CHECK, `${roleArn} assumable`));
      }
    } catch (error) {
      results.push(
        fail(
          CHECK,
          `${roleArn}: ${errorText(error)}`,
          `deploy infra/member-account.yml to ${account} (StackSet, see README "Deploy") and run doctor with credentials its trust policy allows`,
        ),
      );
    }
  }
  return results;
}
