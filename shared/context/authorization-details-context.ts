/**
 * An offline {@link IamContext} built from the output of
 * `aws iam get-account-authorization-details` (DESIGN §3): managed policies with
 * their versions, groups with their attached and inline policies, and the
 * permissions boundaries of users and roles, and — as the before-documents of
 * writes — role trust policies and the inline policies of users, groups and roles.
 *
 * Documents may be objects (AWS CLI output) or URL-encoded JSON strings (raw API
 * or SDK output). A file that is not authorization-details output, or holds an
 * entry that cannot be read, raises a {@link ConfigError} naming the place.
 */
import { ConfigError } from '../errors/warden-error.js';
import type { PolicyDocument } from '../model/policy-document.js';
import { parsePolicyDocument } from '../policy/parse-policy-document.js';
import type { GroupPermissions, IamContext } from '../rules/support/rule-context.js';

const LIST_KEYS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

interface ManagedPolicyEntry {
  readonly defaultVersionId: string | undefined;
  readonly versions: ReadonlyMap<string, PolicyDocument>;
}

/** An entry keyed by lower-case name (IAM names are unique regardless of case) and its account. */
interface AccountScoped<T> {
  readonly accountId: string | undefined;
  readonly value: T;
}

type Record_ = { readonly [key: string]: unknown };
type InlineKind = 'user' | 'role' | 'group';
type InlineList = GroupPermissions['inlinePolicies'];

/** IAM principal and inline policy names are unique regardless of case. */
function inlineKey(kind: InlineKind, principalName: string, policyName: string): string {
  return `${kind}/${principalName}/${policyName}`.toLowerCase();
}

export function authorizationDetailsContext(json: unknown): IamContext {
  const pages = Array.isArray(json) ? json : [json];
  if (pages.length === 0) throw notAuthorizationDetails('an empty list');

  const policies = new Map<string, ManagedPolicyEntry>();
  const groups = new Map<string, AccountScoped<GroupPermissions>[]>();
  const boundaries = new Map<string, AccountScoped<string | null>[]>();
  // Keyed `kind/principal/policy` (lower-case), so a Put*Policy replacement can show what it removed.
  const inlineDocuments = new Map<string, AccountScoped<PolicyDocument>[]>();
  const trustPolicies = new Map<string, AccountScoped<PolicyDocument>[]>();
  const addInline = (kind: InlineKind, principal: string, account: string | undefined, list: InlineList): void => {
    for (const inline of list)
      addScoped(inlineDocuments, inlineKey(kind, principal, inline.name), account, inline.document);
  };

  pages.forEach((page, pageIndex) => {
    const where = pages.length > 1 ? `page ${pageIndex + 1}: ` : '';
    if (!isRecord(page)) throw notAuthorizationDetails(`${where}${describe(page)}`);
    if (!LIST_KEYS.some((key) => key in page)) {
      throw notAuthorizationDetails(`${where}an object without ${LIST_KEYS.join(', ')}`);
    }
    for (const [index, policy] of listOf(page, 'Policies', where)) {
      readManagedPolicy(policy, `${where}Policies[${index}]`, policies);
    }
    for (const [index, group] of listOf(page, 'GroupDetailList', where)) {
      const at = `${where}GroupDetailList[${index}]`;
      const name = requiredString(group, 'GroupName', at);
      const entry: GroupPermissions = {
        groupName: name,
        managedPolicyArns: attachedPolicyArns(group, at),
        inlinePolicies: inlinePolicies(group, 'GroupPolicyList', at),
      };
      addScoped(groups, name, accountOf(group['Arn']), entry);
      addInline('group', name, accountOf(group['Arn']), entry.inlinePolicies);
    }
    for (const [index, user] of listOf(page, 'UserDetailList', where)) {
      const at = `${where}UserDetailList[${index}]`;
      const name = requiredString(user, 'UserName', at);
      addScoped(boundaries, `user/${name}`, accountOf(user['Arn']), boundaryOf(user, at));
      addInline('user', name, accountOf(user['Arn']), inlinePolicies(user, 'UserPolicyList', at));
    }
    for (const [index, role] of listOf(page, 'RoleDetailList', where)) {
      const at = `${where}RoleDetailList[${index}]`;
      const name = requiredString(role, 'RoleName', at);
      addScoped(boundaries, `role/${name}`, accountOf(role['Arn']), boundaryOf(role, at));
      addInline('role', name, accountOf(role['Arn']), inlinePolicies(role, 'RolePolicyList', at));
      const trust = role['AssumeRolePolicyDocument'];
      if (trust !== undefined && trust !== null) {
        addScoped(trustPolicies, name, accountOf(role['Arn']), documentOf(trust, `${at} AssumeRolePolicyDocument`));
      }
    }
  });

  const policy = (arn: string): ManagedPolicyEntry | undefined => policies.get(arn.toLowerCase());

  return Object.freeze({
    managedPolicyDocument: (policyArn: string) => {
      const entry = policy(policyArn);
      return entry?.defaultVersionId === undefined ? undefined : entry.versions.get(entry.defaultVersionId);
    },
    managedPolicyVersion: (policyArn: string, versionId: string) => policy(policyArn)?.versions.get(versionId),
    managedPolicyDefaultVersion: (policyArn: string) => policy(policyArn)?.defaultVersionId,
    group: (groupName: string, accountId?: string) => pickScoped(groups.get(groupName.toLowerCase()), accountId),
    permissionsBoundary: (kind: 'user' | 'role', name: string, accountId?: string) =>
      pickScoped(boundaries.get(`${kind}/${name}`.toLowerCase()), accountId),
    roleTrustPolicy: (roleName: string, accountId?: string) =>
      pickScoped(trustPolicies.get(roleName.toLowerCase()), accountId),
    inlinePolicy: (kind: InlineKind, principalName: string, policyName: string, accountId?: string) =>
      pickScoped(inlineDocuments.get(inlineKey(kind, principalName, policyName)), accountId),
  });
}

function readManagedPolicy(policy: Record_, at: string, into: Map<string, ManagedPolicyEntry>): void {
  const arn = requiredString(policy, 'Arn', at);
  const versions = new Map<string, PolicyDocument>();
  let defaultVersionId = optionalString(policy, 'DefaultVersionId', at);
  for (const [index, version] of listOf(policy, 'PolicyVersionList', `${at} (${arn}) `)) {
    const vAt = `${at} (${arn}) PolicyVersionList[${index}]`;
    const versionId = requiredString(version, 'VersionId', vAt);
    versions.set(versionId, documentOf(version['Document'], `${vAt} Document`));
    if (defaultVersionId === undefined && isTrue(version['IsDefaultVersion'])) defaultVersionId = versionId;
  }
  into.set(arn.toLowerCase(), { defaultVersionId, versions });
}

function attachedPolicyArns(entity: Record_, at: string): string[] {
  return listOf(entity, 'AttachedManagedPolicies', `${at} `).map(([index, attached]) =>
    requiredString(attached, 'PolicyArn', `${at} AttachedManagedPolicies[${index}]`),
  );
}

function inlinePolicies(entity: Record_, key: string, at: string): GroupPermissions['inlinePolicies'] {
  return listOf(entity, key, `${at} `).map(([index, inline]) => {
    const iAt = `${at} ${key}[${index}]`;
    return { name: requiredString(inline, 'PolicyName', iAt), document: documentOf(inline['PolicyDocument'], iAt) };
  });
}

function boundaryOf(entity: Record_, at: string): string | null {
  const boundary = entity['PermissionsBoundary'];
  if (boundary === undefined || boundary === null) return null;
  if (!isRecord(boundary)) throw new ConfigError(`${at}: PermissionsBoundary is ${describe(boundary)}, not an object`);
  return requiredString(boundary, 'PermissionsBoundaryArn', `${at} PermissionsBoundary`);
}

function documentOf(input: unknown, at: string): PolicyDocument {
  if (input === undefined || input === null) throw new ConfigError(`${at}: policy document missing`);
  const parsed = parsePolicyDocument(input);
  if (!parsed.ok) throw new ConfigError(`${at}: policy document cannot be read (${parsed.reason})`);
  return parsed.document;
}

/** The entries of an optional list field, with their indexes; each must be an object. */
function listOf(owner: Record_, key: string, at: string): [number, Record_][] {
  const list = owner[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new ConfigError(`${at}${key} is ${describe(list)}, not a list`.trim());
  return list.map((item, index) => {
    if (!isRecord(item)) throw new ConfigError(`${at}${key}[${index}] is ${describe(item)}, not an object`.trim());
    return [index, item];
  });
}

function requiredString(owner: Record_, key: string, at: string): string {
  const value = owner[key];
  if (typeof value !== 'string' || value === '') throw new ConfigError(`${at}: ${key} missing or not a string`);
  return value;
}

function optionalString(owner: Record_, key: string, at: string): string | undefined {
  const value = owner[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ConfigError(`${at}: ${key} is ${describe(value)}, not a string`);
  return value;
}

function addScoped<T>(map: Map<string, AccountScoped<T>[]>, key: string, accountId: string | undefined, value: T) {
  const lower = key.toLowerCase();
  const existing = map.get(lower) ?? [];
  map.set(lower, [...existing.filter((e) => e.accountId !== accountId), { accountId, value }]);
}

/** The entry for `accountId`; without one, the entry when exactly one account holds the name. */
function pickScoped<T>(entries: AccountScoped<T>[] | undefined, accountId: string | undefined): T | undefined {
  if (!entries) return undefined;
  if (accountId !== undefined) {
    return (entries.find((e) => e.accountId === accountId) ?? entries.find((e) => e.accountId === undefined))?.value;
  }
  return entries.length === 1 ? entries[0]?.value : undefined;
}

/** `arn:aws:iam::123456789012:group/admin` → `123456789012`. */
function accountOf(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function notAuthorizationDetails(found: string): ConfigError {
  return new ConfigError(
    `context file is not the output of "aws iam get-account-authorization-details": found ${found}; ` +
      `expected an object with ${LIST_KEYS.join(', ')}`,
  );
}
