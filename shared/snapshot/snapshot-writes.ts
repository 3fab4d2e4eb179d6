/**
 * Which documents of the snapshot (role trust policies and inline policies of
 * users, groups and roles) an IAM event reads as its "before", and how a
 * successful write changes them. Pure: the same event always gives the same
 * answer, so applying it twice changes nothing more (the store keeps the
 * event id, see document-snapshot-store.ts).
 */
import type { PrincipalKind } from '../model/action-kinds.js';
import { type CloudTrailEvent, isFailedCall } from '../cloudtrail/event.js';
import { IamEvent } from '../cloudtrail/event-names.js';
import { requestParam, requestString } from '../cloudtrail/request-parameter.js';
import { parsePolicyDocument } from '../policy/parse-policy-document.js';
import type { PolicyDocument } from '../model/policy-document.js';
import { DELETE_INLINE, PUT_INLINE } from '../rules/support/policy-write.js';
import { roleNameOf, trustDocument } from '../rules/support/trust-write.js';

/** One document of the snapshot. Names keep the case IAM reported; keys compare them case-insensitively. */
export type SnapshotRef =
  | { readonly type: 'trust'; readonly roleName: string }
  | {
      readonly type: 'inline';
      readonly principalKind: PrincipalKind;
      readonly principalName: string;
      readonly policyName: string;
    };

export type SnapshotChange =
  /** The document is now `document` (compact JSON text). */
  | { readonly type: 'set'; readonly ref: SnapshotRef; readonly document: string }
  /** The document is gone (DeleteRolePolicy…). */
  | { readonly type: 'delete'; readonly ref: SnapshotRef }
  /** The principal is gone, or new (CreateRole): none of its documents exist any more. */
  | { readonly type: 'delete-principal'; readonly principalKind: PrincipalKind; readonly principalName: string };

const DELETE_PRINCIPAL: Partial<Record<string, PrincipalKind>> = {
  [IamEvent.DeleteUser]: 'user',
  [IamEvent.DeleteGroup]: 'group',
  [IamEvent.DeleteRole]: 'role',
};
const PRINCIPAL_PARAM: Readonly<Record<PrincipalKind, string>> = {
  user: 'userName',
  group: 'groupName',
  role: 'roleName',
};

/**
 * The event names that change the snapshot. Detect must receive them all
 * (event-patterns.ts adds those no rule listens to, such as DeleteGroup).
 */
export const SNAPSHOT_WRITE_EVENTS = Object.freeze([
  ...(Object.keys(PUT_INLINE) as IamEvent[]),
  ...(Object.keys(DELETE_INLINE) as IamEvent[]),
  ...(Object.keys(DELETE_PRINCIPAL) as IamEvent[]),
  IamEvent.UpdateAssumeRolePolicy,
  IamEvent.CreateRole,
]);

type IamEvent = (typeof IamEvent)[keyof typeof IamEvent];

/** The documents whose before-state the rules read for `event`; none for a failed call (no rule diffs it). */
export function snapshotReads(event: CloudTrailEvent): SnapshotRef[] {
  if (isFailedCall(event)) return [];
  if (event.eventName === IamEvent.UpdateAssumeRolePolicy) {
    const roleName = roleNameOf(event);
    return roleName ? [{ type: 'trust', roleName }] : [];
  }
  const kind = PUT_INLINE[event.eventName] ?? DELETE_INLINE[event.eventName];
  const ref = kind ? inlineRef(event, kind) : undefined;
  return ref ? [ref] : [];
}

/** How a successful `event` changes the snapshot; empty for failed calls and other events. */
export function snapshotChanges(event: CloudTrailEvent): SnapshotChange[] {
  if (isFailedCall(event)) return [];
  const putKind = PUT_INLINE[event.eventName];
  if (putKind) {
    const ref = inlineRef(event, putKind);
    const document = documentText(requestParam(event, 'policyDocument'));
    if (!ref) return [];
    // A record without a readable document: the content is no longer known, so the old one must not stay.
    return [document === undefined ? { type: 'delete', ref } : { type: 'set', ref, document }];
  }
  const deleteKind = DELETE_INLINE[event.eventName];
  if (deleteKind) {
    const ref = inlineRef(event, deleteKind);
    return ref ? [{ type: 'delete', ref }] : [];
  }
  const principalKind = DELETE_PRINCIPAL[event.eventName];
  if (principalKind) {
    const principalName = requestString(event, PRINCIPAL_PARAM[principalKind]);
    return principalName ? [{ type: 'delete-principal', principalKind, principalName }] : [];
  }
  if (event.eventName === IamEvent.UpdateAssumeRolePolicy || event.eventName === IamEvent.CreateRole) {
    const roleName = roleNameOf(event);
    if (!roleName) return [];
    const ref: SnapshotRef = { type: 'trust', roleName };
    const trust = trustDocument(event);
    const set: SnapshotChange =
      trust === undefined ? { type: 'delete', ref } : { type: 'set', ref, document: compact(trust) };
    // A new role has no inline policies, whatever an unseen earlier role of that name had.
    return event.eventName === IamEvent.CreateRole
      ? [{ type: 'delete-principal', principalKind: 'role', principalName: roleName }, set]
      : [set];
  }
  return [];
}

/** A policy document as the snapshot stores it: normalised, compact JSON text. */
export function compact(document: PolicyDocument): string {
  return JSON.stringify(document);
}

/** The stored text read back; undefined when it cannot be read (then the before is unknown). */
export function documentOfText(text: string | undefined): PolicyDocument | undefined {
  if (text === undefined) return undefined;
  const parsed = parsePolicyDocument(text);
  return parsed.ok ? parsed.document : undefined;
}

/** A document from a record or an API response (object, JSON or URL-encoded JSON) as compact text. */
export function documentText(input: unknown): string | undefined {
  if (input === undefined || input === null || input === '') return undefined;
  const parsed = parsePolicyDocument(input);
  return parsed.ok ? compact(parsed.document) : undefined;
}

/** A stable text key for a ref: IAM names are unique regardless of case. */
export function refKey(ref: SnapshotRef): string {
  return ref.type === 'trust'
    ? `trust/${ref.roleName.toLowerCase()}`
    : `inline/${ref.principalKind}/${ref.principalName.toLowerCase()}/${ref.policyName.toLowerCase()}`;
}

/** Whether `ref` belongs to the principal (its trust policy or one of its inline policies). */
export function belongsTo(ref: SnapshotRef, principalKind: PrincipalKind, principalName: string): boolean {
  const name = principalName.toLowerCase();
  return ref.type === 'trust'
    ? principalKind === 'role' && ref.roleName.toLowerCase() === name
    : ref.principalKind === principalKind && ref.principalName.toLowerCase() === name;
}

function inlineRef(event: CloudTrailEvent, principalKind: PrincipalKind): SnapshotRef | undefined {
  const principalName = requestString(event, PRINCIPAL_PARAM[principalKind]);
  const policyName = requestString(event, 'policyName');
  return principalName && policyName ? { type: 'inline', principalKind, principalName, policyName } : undefined;
}
