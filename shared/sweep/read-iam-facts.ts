import {
  GetRoleCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { isNoSuchEntity } from '../actions/action-failure.js';
import type { RoleUsage, UserFacts } from './hygiene-item.js';

/** The IAM calls the sweep makes (besides the report), for the function's role. */
export const SWEEP_READ_PERMISSIONS = [
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'iam:ListAccessKeys',
  'iam:ListAttachedUserPolicies',
  'iam:ListUserPolicies',
  'iam:ListRoles',
  'iam:GetRole',
] as const;

async function allPages<T>(fetch: (marker?: string) => Promise<{ items: T[]; marker?: string }>): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    all.push(...page.items);
    marker = page.marker;
  } while (marker);
  return all;
}

/**
 * What the report does not say about each user: key ids (ListAccessKeys) and
 * policies attached directly (ListAttachedUserPolicies, ListUserPolicies).
 * A user deleted since the report was generated is left out.
 */
export async function readUserFacts(iam: IAMClient, userNames: readonly string[]): Promise<Map<string, UserFacts>> {
  const facts = new Map<string, UserFacts>();
  for (const userName of userNames) {
    try {
      const accessKeys = await allPages(async (Marker) => {
        const page = await iam.send(new ListAccessKeysCommand({ UserName: userName, Marker }));
        return {
          items: (page.AccessKeyMetadata ?? []).map((key) => ({
            id: key.AccessKeyId ?? '',
            createDate: key.CreateDate ?? new Date(0),
            status: key.Status ?? 'Active',
          })),
          marker: page.IsTruncated ? page.Marker : undefined,
        };
      });
      const attachedPolicies = await allPages(async (Marker) => {
        const page = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName, Marker }));
        return {
          items: (page.AttachedPolicies ?? []).map((policy) => policy.PolicyName ?? policy.PolicyArn ?? ''),
          marker: page.IsTruncated ? page.Marker : undefined,
        };
      });
      const inlinePolicies = await allPages(async (Marker) => {
        const page = await iam.send(new ListUserPoliciesCommand({ UserName: userName, Marker }));
        return { items: page.PolicyNames ?? [], marker: page.IsTruncated ? page.Marker : undefined };
      });
      facts.set(userName, { accessKeys, attachedPolicies, inlinePolicies });
    } catch (error) {
      if (!isNoSuchEntity(error)) throw error;
    }
  }
  return facts;
}

/** Every role with its last use. ListRoles does not return RoleLastUsed, so one GetRole per role. */
export async function readRoleUsage(iam: IAMClient): Promise<RoleUsage[]> {
  const roles = await allPages(async (Marker) => {
    const page = await iam.send(new ListRolesCommand({ Marker }));
    return { items: page.Roles ?? [], marker: page.IsTruncated ? page.Marker : undefined };
  });
  const usage: RoleUsage[] = [];
  for (const role of roles) {
    if (!role.RoleName || role.Path?.startsWith('/aws-service-role/')) continue;
    try {
      const { Role: detail } = await iam.send(new GetRoleCommand({ RoleName: role.RoleName }));
      const lastUsed = detail?.RoleLastUsed;
      usage.push({
        roleName: role.RoleName,
        arn: role.Arn ?? '',
        path: role.Path ?? '/',
        createDate: role.CreateDate ?? new Date(0),
        ...(lastUsed?.LastUsedDate ? { lastUsed: lastUsed.LastUsedDate } : {}),
        ...(lastUsed?.Region ? { lastUsedRegion: lastUsed.Region } : {}),
      });
    } catch (error) {
      if (!isNoSuchEntity(error)) throw error;
    }
  }
  return usage;
}
