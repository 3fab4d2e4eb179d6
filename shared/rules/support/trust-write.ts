import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import { IamEvent } from '../../cloudtrail/event-names.js';
import { requestParam, requestString, responseParam } from '../../cloudtrail/request-parameter.js';
import { parsePolicyDocument } from '../../policy/parse-policy-document.js';
import type { PolicyDocument } from '../../model/policy-document.js';
import { diffTrustPolicies } from '../../policy/trust-diff.js';
import { cappedDiffLines } from './policy-write.js';
import type { IamContext } from './rule-context.js';

/** Events that set a role's trust policy. */
export const TRUST_WRITE_EVENTS = [IamEvent.CreateRole, IamEvent.UpdateAssumeRolePolicy] as const;

/** What a CreateRole / UpdateAssumeRolePolicy did to who may assume the role. */
export interface TrustWrite {
  readonly created: boolean;
  readonly roleName?: string;
  readonly roleArn?: string;
  /** The new trust policy; undefined when the record lacks a readable one. */
  readonly document?: PolicyDocument;
  /** The trust policy before the event: empty for a new role, undefined when not known. */
  readonly previousDocument?: PolicyDocument;
  /** Plain-words diff; undefined when the new document is not known. */
  readonly diff?: readonly string[];
}

const NO_TRUST: PolicyDocument = Object.freeze({ Statement: Object.freeze([]) });

export function readTrustWrite(event: CloudTrailEvent, context: IamContext): TrustWrite | undefined {
  const created = event.eventName === IamEvent.CreateRole;
  if (!created && event.eventName !== IamEvent.UpdateAssumeRolePolicy) return undefined;
  const roleName = roleNameOf(event);
  const document = trustDocument(event);
  // A created role had no trust policy; an updated one's comes from the context (snapshot or file).
  const previousDocument = created
    ? NO_TRUST
    : roleName === undefined
      ? undefined
      : context.roleTrustPolicy?.(roleName, event.accountId);
  const diff = document === undefined ? undefined : cappedDiffLines(diffTrustPolicies(previousDocument, document));
  return {
    created,
    ...(roleName !== undefined ? { roleName } : {}),
    ...(stringOf(responseParam(event, 'role.arn')) !== undefined
      ? { roleArn: stringOf(responseParam(event, 'role.arn')) }
      : {}),
    ...(document !== undefined ? { document } : {}),
    ...(previousDocument !== undefined ? { previousDocument } : {}),
    ...(diff !== undefined ? { diff } : {}),
  };
}

/** The trust document: the request's, else (CreateRole) the URL-encoded one in the response. */
export function trustDocument(event: CloudTrailEvent): PolicyDocument | undefined {
  const candidates =
    event.eventName === IamEvent.CreateRole
      ? [requestParam(event, 'assumeRolePolicyDocument'), responseParam(event, 'role.assumeRolePolicyDocument')]
      : [requestParam(event, 'policyDocument')];
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === null || candidate === '') continue;
    const parsed = parsePolicyDocument(candidate);
    if (parsed.ok) return parsed.document;
  }
  return undefined;
}

export function roleNameOf(event: CloudTrailEvent): string | undefined {
  return requestString(event, 'roleName') ?? stringOf(responseParam(event, 'role.roleName'));
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
