/**
 * What one IAM policy write did, read from the event plus the IAM context: the
 * principal it touched, the managed policy or inline policy name, the document
 * it put in force and — where the context knows it — the document before.
 * The policy rules all start from this one reading so they describe the same
 * change in the same words.
 */
import type { PrincipalKind } from '../../model/action-kinds.js';
import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import { IamEvent } from '../../cloudtrail/event-names.js';
import { requestParam, requestString, responseParam } from '../../cloudtrail/request-parameter.js';
import { isAdminEquivalent, isAdminManagedPolicyArn } from '../../policy/admin-equivalent.js';
import { parsePolicyDocument } from '../../policy/parse-policy-document.js';
import { diffPolicies } from '../../policy/policy-diff.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import type { Target } from '../../model/finding.js';
import { looseBoolean } from './loose-value.js';
import type { IamContext } from './rule-context.js';

export type PolicyWriteKind =
  | 'attach'
  | 'detach'
  | 'put-inline'
  | 'delete-inline'
  | 'create-policy'
  | 'create-version'
  | 'set-default-version'
  | 'delete-policy'
  | 'delete-version'
  | 'put-boundary'
  | 'delete-boundary';

export interface PrincipalRef {
  readonly kind: PrincipalKind;
  readonly name: string;
}

export interface PolicyWrite {
  readonly kind: PolicyWriteKind;
  /** The kind of principal the event names (set even when the record lacks its name). */
  readonly principalKind?: PrincipalKind;
  /** The user, group or role whose permissions changed (attach/detach, inline, boundary). */
  readonly principal?: PrincipalRef;
  /** The managed policy involved (attached, versioned, used as boundary). */
  readonly policyArn?: string;
  /** Friendly policy name: the inline policy name or the managed policy's name. */
  readonly policyName?: string;
  /** True for policies owned by AWS (`arn:<partition>:iam::aws:policy/…`). */
  readonly awsManaged: boolean;
  /** True when the managed policy is an AWS managed administrator-equivalent policy (by ARN). */
  readonly adminArn: boolean;
  /** The version created, made default or deleted. */
  readonly versionId?: string;
  /** CreatePolicyVersion with setAsDefault, or SetDefaultPolicyVersion. */
  readonly setAsDefault: boolean;
  /** The document the write puts in force (or creates), when known. */
  readonly document?: PolicyDocument;
  /** The document in force before the write, when known. */
  readonly previousDocument?: PolicyDocument;
  /** Previous default version (versions) or previous boundary ARN (boundaries), when known. */
  readonly previousVersionId?: string;
  readonly previousBoundaryArn?: string;
  /** True when the context says the principal had no boundary before. */
  readonly previouslyUnbounded?: boolean;
  /**
   * Whether the content this write needs for analysis was available: false for a
   * managed policy Warden could not read, or an inline document missing from the record.
   */
  readonly contentAnalysed: boolean;
}

const ATTACH: Partial<Record<string, PrincipalKind>> = {
  [IamEvent.AttachUserPolicy]: 'user',
  [IamEvent.AttachGroupPolicy]: 'group',
  [IamEvent.AttachRolePolicy]: 'role',
};
const DETACH: Partial<Record<string, PrincipalKind>> = {
  [IamEvent.DetachUserPolicy]: 'user',
  [IamEvent.DetachGroupPolicy]: 'group',
  [IamEvent.DetachRolePolicy]: 'role',
};
/** The principal kind of each inline-policy write (also what the document snapshot follows). */
export const PUT_INLINE: Partial<Record<string, PrincipalKind>> = {
  [IamEvent.PutUserPolicy]: 'user',
  [IamEvent.PutGroupPolicy]: 'group',
  [IamEvent.PutRolePolicy]: 'role',
};
export const DELETE_INLINE: Partial<Record<string, PrincipalKind>> = {
  [IamEvent.DeleteUserPolicy]: 'user',
  [IamEvent.DeleteGroupPolicy]: 'group',
  [IamEvent.DeleteRolePolicy]: 'role',
};
const PUT_BOUNDARY: Partial<Record<string, 'user' | 'role'>> = {
  [IamEvent.PutUserPermissionsBoundary]: 'user',
  [IamEvent.PutRolePermissionsBoundary]: 'role',
};
const DELETE_BOUNDARY: Partial<Record<string, 'user' | 'role'>> = {
  [IamEvent.DeleteUserPermissionsBoundary]: 'user',
  [IamEvent.DeleteRolePermissionsBoundary]: 'role',
};

/** Every event name that writes IAM permissions policies or boundaries. */
export const POLICY_WRITE_EVENTS = [
  IamEvent.CreatePolicy,
  IamEvent.CreatePolicyVersion,
  IamEvent.DeletePolicy,
  IamEvent.DeletePolicyVersion,
  IamEvent.SetDefaultPolicyVersion,
  IamEvent.AttachUserPolicy,
  IamEvent.AttachGroupPolicy,
  IamEvent.AttachRolePolicy,
  IamEvent.DetachUserPolicy,
  IamEvent.DetachGroupPolicy,
  IamEvent.DetachRolePolicy,
  IamEvent.PutUserPolicy,
  IamEvent.PutGroupPolicy,
  IamEvent.PutRolePolicy,
  IamEvent.DeleteUserPolicy,
  IamEvent.DeleteGroupPolicy,
  IamEvent.DeleteRolePolicy,
  IamEvent.PutUserPermissionsBoundary,
  IamEvent.PutRolePermissionsBoundary,
  IamEvent.DeleteUserPermissionsBoundary,
  IamEvent.DeleteRolePermissionsBoundary,
] as const;

const readCache = new WeakMap<CloudTrailEvent, { context: IamContext; write: PolicyWrite | undefined }>();

/**
 * Reads what a policy write did; undefined for events that are not policy
 * writes. Several rules read the same event, so the result is kept with it.
 */
export function readPolicyWrite(event: CloudTrailEvent, context: IamContext): PolicyWrite | undefined {
  const cached = readCache.get(event);
  if (cached && cached.context === context) return cached.write;
  const write = computePolicyWrite(event, context);
  readCache.set(event, { context, write });
  return write;
}

function computePolicyWrite(event: CloudTrailEvent, context: IamContext): PolicyWrite | undefined {
  const name = event.eventName;
  const attachKind = ATTACH[name];
  if (attachKind) return managedAttachment('attach', attachKind, event, context);
  const detachKind = DETACH[name];
  if (detachKind) return managedAttachment('detach', detachKind, event, context);
  const putKind = PUT_INLINE[name];
  if (putKind) return inlinePut(putKind, event, context);
  const deleteKind = DELETE_INLINE[name];
  if (deleteKind) {
    const principal = principalOf(event, deleteKind);
    const policyName = requestString(event, 'policyName');
    return {
      kind: 'delete-inline',
      principalKind: deleteKind,
      principal,
      policyName,
      awsManaged: false,
      adminArn: false,
      setAsDefault: false,
      previousDocument: inlineBefore(context, event, principal, policyName),
      contentAnalysed: true,
    };
  }
  const putBoundaryKind = PUT_BOUNDARY[name];
  if (putBoundaryKind) return boundaryPut(putBoundaryKind, event, context);
  const deleteBoundaryKind = DELETE_BOUNDARY[name];
  if (deleteBoundaryKind) return boundaryDelete(deleteBoundaryKind, event, context);
  switch (name) {
    case IamEvent.CreatePolicy:
      return policyCreated(event);
    case IamEvent.CreatePolicyVersion:
      return versionCreated(event, context);
    case IamEvent.SetDefaultPolicyVersion:
      return defaultVersionSet(event, context);
    case IamEvent.DeletePolicy:
    case IamEvent.DeletePolicyVersion:
      return policyDeleted(event, context);
    default:
      return undefined;
  }
}

/** True when the write puts an administrator-equivalent policy in force. */
export function grantsAdmin(write: PolicyWrite): boolean {
  if (write.kind === 'detach' || write.kind === 'delete-inline' || write.kind === 'delete-boundary') return false;
  if (write.kind === 'delete-policy' || write.kind === 'delete-version') return false;
  return write.adminArn || (write.document !== undefined && isAdminEquivalent(write.document));
}

/** At most this many diff lines go into a finding; the rest are counted. */
export const MAX_DIFF_LINES = 40;

/** Plain-words before/after lines for the message, when the content is known. */
export function policyDiffLines(write: PolicyWrite): readonly string[] | undefined {
  if (write.kind === 'delete-version' || write.kind === 'delete-boundary') return undefined;
  // A deleted inline policy shows what it granted, when its document was known before.
  const removing = write.kind === 'detach' || write.kind === 'delete-policy' || write.kind === 'delete-inline';
  const before = write.previousDocument;
  const after = removing ? undefined : write.document;
  if (before === undefined && after === undefined) return undefined;
  return cappedDiffLines(diffPolicies(before, after).lines);
}

/** The first {@link MAX_DIFF_LINES} diff lines, and how many more there are. */
export function cappedDiffLines(lines: readonly string[]): readonly string[] {
  if (lines.length <= MAX_DIFF_LINES) return lines;
  return [...lines.slice(0, MAX_DIFF_LINES), `… and ${lines.length - MAX_DIFF_LINES} more lines`];
}

/** "role ci-deploy"; "a user not named in the record" when the request lacks the name. */
export function principalPhrase(write: Pick<PolicyWrite, 'principal' | 'principalKind'>): string {
  if (write.principal) return `${write.principal.kind} ${write.principal.name}`;
  return `a ${write.principalKind ?? 'principal'} not named in the record`;
}

/** "inline policy debug", or "an inline policy" when the request lacks the name. */
export function inlineLabel(write: PolicyWrite): string {
  return write.policyName ? `inline policy ${write.policyName}` : 'an inline policy';
}

/** The policy's friendly name, falling back to its ARN or "a policy". */
export function policyLabel(write: PolicyWrite): string {
  return write.policyName ?? write.policyArn ?? 'a policy';
}

/** The finding target for a write: the principal when there is one, else the policy. */
export function policyWriteTarget(write: PolicyWrite): Target {
  if (write.principalKind) {
    return { type: write.principalKind, name: write.principal?.name, arn: write.policyArn, id: write.policyName };
  }
  return { type: 'policy', name: write.policyName, arn: write.policyArn, id: write.versionId };
}

/** The friendly name in a policy ARN (`arn:aws:iam::aws:policy/service-role/X` → `X`). */
export function policyNameFromArn(arn: string): string | undefined {
  const resource = arn.split(':').slice(5).join(':');
  if (!resource.startsWith('policy/')) return undefined;
  const name = resource.slice('policy/'.length).split('/').pop();
  return name ? name : undefined;
}

/** True for `arn:<partition>:iam::aws:policy/…`. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[2] === 'iam' && parts[4] === 'aws';
}

function principalOf(event: CloudTrailEvent, kind: PrincipalKind): PrincipalRef | undefined {
  const key = kind === 'user' ? 'userName' : kind === 'group' ? 'groupName' : 'roleName';
  const name = requestString(event, key);
  return name ? { kind, name } : undefined;
}

function parsed(input: unknown): PolicyDocument | undefined {
  if (input === undefined || input === null || input === '') return undefined;
  const result = parsePolicyDocument(input);
  return result.ok ? result.document : undefined;
}

function managedFacts(arn: string | undefined): { awsManaged: boolean; adminArn: boolean; policyName?: string } {
  if (!arn) return { awsManaged: false, adminArn: false };
  return {
    awsManaged: isAwsManagedPolicyArn(arn),
    adminArn: isAdminManagedPolicyArn(arn),
    policyName: policyNameFromArn(arn),
  };
}

function managedAttachment(
  kind: 'attach' | 'detach',
  principalKind: PrincipalKind,
  event: CloudTrailEvent,
  context: IamContext,
): PolicyWrite {
  const policyArn = requestString(event, 'policyArn');
  const facts = managedFacts(policyArn);
  const document = policyArn ? context.managedPolicyDocument(policyArn) : undefined;
  return {
    kind,
    principalKind,
    principal: principalOf(event, principalKind),
    policyArn,
    ...facts,
    setAsDefault: false,
    ...(kind === 'attach' ? { document } : { previousDocument: document }),
    contentAnalysed: document !== undefined || facts.adminArn,
  };
}

function inlinePut(principalKind: PrincipalKind, event: CloudTrailEvent, context: IamContext): PolicyWrite {
  const principal = principalOf(event, principalKind);
  const policyName = requestString(event, 'policyName');
  const document = parsed(requestParam(event, 'policyDocument'));
  const previousDocument = inlineBefore(context, event, principal, policyName);
  return {
    kind: 'put-inline',
    principalKind,
    principal,
    policyName,
    awsManaged: false,
    adminArn: false,
    setAsDefault: false,
    document,
    previousDocument,
    contentAnalysed: document !== undefined,
  };
}

/**
 * The inline document before the write: from the document snapshot (live) or
 * the context file (offline); for groups also from the group's permissions.
 */
function inlineBefore(
  context: IamContext,
  event: CloudTrailEvent,
  principal: PrincipalRef | undefined,
  policyName: string | undefined,
): PolicyDocument | undefined {
  if (!principal || !policyName) return undefined;
  const known = context.inlinePolicy?.(principal.kind, principal.name, policyName, event.accountId);
  if (known !== undefined || principal.kind !== 'group') return known;
  return context.group(principal.name, event.accountId)?.inlinePolicies.find((p) => p.name === policyName)?.document;
}

function policyCreated(event: CloudTrailEvent): PolicyWrite {
  const document = parsed(requestParam(event, 'policyDocument'));
  const policyArn = stringOf(responseParam(event, 'policy.arn'));
  return {
    kind: 'create-policy',
    policyArn,
    policyName: requestString(event, 'policyName') ?? (policyArn ? policyNameFromArn(policyArn) : undefined),
    awsManaged: false,
    adminArn: false,
    versionId: 'v1',
    setAsDefault: true,
    document,
    contentAnalysed: document !== undefined,
  };
}

function versionCreated(event: CloudTrailEvent, context: IamContext): PolicyWrite {
  const policyArn = requestString(event, 'policyArn');
  const document = parsed(requestParam(event, 'policyDocument'));
  const versionId = stringOf(responseParam(event, 'policyVersion.versionId'));
  const previous = policyArn ? previousDefault(context, policyArn, versionId) : {};
  return {
    kind: 'create-version',
    policyArn,
    ...managedFacts(policyArn),
    versionId,
    setAsDefault: looseBoolean(requestParam(event, 'setAsDefault')) === true,
    document,
    ...previous,
    contentAnalysed: document !== undefined,
  };
}

function defaultVersionSet(event: CloudTrailEvent, context: IamContext): PolicyWrite {
  const policyArn = requestString(event, 'policyArn');
  const versionId = requestString(event, 'versionId');
  const document = policyArn && versionId ? context.managedPolicyVersion(policyArn, versionId) : undefined;
  const previous = policyArn ? previousDefault(context, policyArn, versionId) : {};
  return {
    kind: 'set-default-version',
    policyArn,
    ...managedFacts(policyArn),
    versionId,
    setAsDefault: true,
    document,
    ...previous,
    contentAnalysed: document !== undefined,
  };
}

function policyDeleted(event: CloudTrailEvent, context: IamContext): PolicyWrite {
  const policyArn = requestString(event, 'policyArn');
  const versionId = requestString(event, 'versionId');
  const whole = event.eventName === IamEvent.DeletePolicy;
  const previousDocument = policyArn && whole ? context.managedPolicyDocument(policyArn) : undefined;
  return {
    kind: whole ? 'delete-policy' : 'delete-version',
    policyArn,
    ...managedFacts(policyArn),
    versionId,
    setAsDefault: false,
    previousDocument,
    contentAnalysed: whole ? previousDocument !== undefined : true,
  };
}

/**
 * The default version before the write. A context read after the event may
 * already show the new version as default; then the previous one is unknown.
 */
function previousDefault(
  context: IamContext,
  policyArn: string,
  newVersionId: string | undefined,
): { previousVersionId?: string; previousDocument?: PolicyDocument } {
  const current = context.managedPolicyDefaultVersion(policyArn);
  const previousVersionId =
    current && current !== newVersionId
      ? current
      : newVersionId && context.previousDefaultVersion?.(policyArn, newVersionId);
  if (!previousVersionId || previousVersionId === newVersionId) return {};
  const previousDocument =
    context.managedPolicyVersion(policyArn, previousVersionId) ?? context.managedPolicyDocument(policyArn);
  return { previousVersionId, previousDocument };
}

function boundaryPut(kind: 'user' | 'role', event: CloudTrailEvent, context: IamContext): PolicyWrite {
  const principal = principalOf(event, kind);
  const policyArn = requestString(event, 'permissionsBoundary');
  const facts = managedFacts(policyArn);
  const document = policyArn ? context.managedPolicyDocument(policyArn) : undefined;
  const before = principal ? context.permissionsBoundary?.(kind, principal.name, event.accountId) : undefined;
  const previousBoundaryArn = typeof before === 'string' && before !== policyArn ? before : undefined;
  return {
    kind: 'put-boundary',
    principalKind: kind,
    principal,
    policyArn,
    ...facts,
    setAsDefault: false,
    document,
    previousBoundaryArn,
    previousDocument: previousBoundaryArn ? context.managedPolicyDocument(previousBoundaryArn) : undefined,
    previouslyUnbounded: before === null,
    contentAnalysed: document !== undefined || facts.adminArn,
  };
}

function boundaryDelete(kind: 'user' | 'role', event: CloudTrailEvent, context: IamContext): PolicyWrite {
  const principal = principalOf(event, kind);
  const before = principal ? context.permissionsBoundary?.(kind, principal.name, event.accountId) : undefined;
  const previousBoundaryArn = typeof before === 'string' ? before : undefined;
  return {
    kind: 'delete-boundary',
    principalKind: kind,
    principal,
    ...(previousBoundaryArn
      ? { policyArn: previousBoundaryArn, policyName: policyNameFromArn(previousBoundaryArn) }
      : {}),
    awsManaged: false,
    adminArn: false,
    setAsDefault: false,
    previousBoundaryArn,
    previousDocument: previousBoundaryArn ? context.managedPolicyDocument(previousBoundaryArn) : undefined,
    contentAnalysed: true,
  };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
