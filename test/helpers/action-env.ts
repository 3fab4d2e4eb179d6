import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import type { ActionEnv, ActionLogger, ApplyResult } from '../../shared/actions/action.js';
import type { PriorState } from '../../shared/model/records.js';
import { type AwsClientOptions, sdkClientConfig } from '../../shared/aws/aws-client-options.js';

/** The instant every action test runs at. */
export const FIXED_NOW = new Date('2025-06-01T12:00:00.000Z');

/** A logger that keeps what it was told (tests may read it) and prints nothing. */
export interface SilentLogger extends ActionLogger {
  readonly lines: { level: 'info' | 'warn'; message: string; extra?: Record<string, unknown> }[];
}

export function silentLogger(): SilentLogger {
  const lines: SilentLogger['lines'] = [];
  return {
    lines,
    info: (message, extra) => lines.push({ level: 'info', message, extra }),
    warn: (message, extra) => lines.push({ level: 'warn', message, extra }),
  };
}

/**
 * The environment actions get in tests: real SDK clients pointed at `options`
 * (the per-file moto server), a fixed clock and a silent logger.
 */
export function actionEnv(options: AwsClientOptions, overrides: Partial<ActionEnv> = {}): ActionEnv {
  return {
    iam: new IAMClient(sdkClientConfig(options)),
    cloudtrail: new CloudTrailClient(sdkClientConfig(options)),
    clock: () => new Date(FIXED_NOW),
    logger: silentLogger(),
    ...overrides,
  };
}

// Snapshots of the IAM state actions change, read back through the API.

type Kind = 'user' | 'group' | 'role';

/** Attached managed policy ARNs of a principal, sorted. */
export async function attachedPolicyArns(iam: IAMClient, kind: Kind, name: string): Promise<string[]> {
  const page =
    kind === 'user'
      ? await iam.send(new ListAttachedUserPoliciesCommand({ UserName: name }))
      : kind === 'group'
        ? await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name }))
        : await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
  return (page.AttachedPolicies ?? []).map((policy) => policy.PolicyArn ?? '').sort();
}

/** Access key id → status for a user. */
export async function accessKeyStatuses(iam: IAMClient, userName: string): Promise<Record<string, string>> {
  const page = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
  return Object.fromEntries((page.AccessKeyMetadata ?? []).map((key) => [key.AccessKeyId, key.Status]));
}

/** Inline policy name → exact document text (URL-decoded) of a principal. */
export async function inlinePolicies(iam: IAMClient, kind: Kind, name: string): Promise<Record<string, string>> {
  const names =
    kind === 'user'
      ? await iam.send(new ListUserPoliciesCommand({ UserName: name }))
      : kind === 'group'
        ? await iam.send(new ListGroupPoliciesCommand({ GroupName: name }))
        : await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
  const result: Record<string, string> = {};
  for (const policyName of names.PolicyNames ?? []) {
    const response =
      kind === 'user'
        ? await iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: policyName }))
        : kind === 'group'
          ? await iam.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName: policyName }))
          : await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }));
    const text = response.PolicyDocument ?? '';
    result[policyName] = text.trimStart().startsWith('{') ? text : decodeURIComponent(text);
  }
  return result;
}

/** A managed policy's default version and all its version ids (sorted). */
export async function policyVersions(
  iam: IAMClient,
  policyArn: string,
): Promise<{ defaultVersionId: string | undefined; versionIds: string[] }> {
  const policy = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }));
  const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
  return {
    defaultVersionId: policy.Policy?.DefaultVersionId,
    versionIds: (versions.Versions ?? []).map((version) => version.VersionId ?? '').sort(),
  };
}

/** Group names a user belongs to, sorted. */
export async function groupsOfUser(iam: IAMClient, userName: string): Promise<string[]> {
  const page = await iam.send(new ListGroupsForUserCommand({ UserName: userName }));
  return (page.Groups ?? []).map((group) => group.GroupName ?? '').sort();
}

/** The priorState of a successful apply; throws (failing the test) with the reason when apply failed. */
export function priorStateOf<S extends PriorState>(result: ApplyResult<S>): S {
  if (result.status === 'failed') throw new Error(`apply failed: ${result.reason}`);
  return result.priorState;
}
