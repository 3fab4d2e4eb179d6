import { GetAccountAuthorizationDetailsCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { ActionLogger } from '../actions/action.js';
import type { PrincipalKind } from '../model/action-kinds.js';
import { documentText, type SnapshotRef } from '../snapshot/snapshot-writes.js';
import type { DocumentSnapshotStore, SnapshotReplaceOutcome, SweptDocument } from '../store/document-snapshot-store.js';

export interface CaptureSnapshotInput {
  /** IAM of the account swept. */
  readonly iam: IAMClient;
  readonly account: string;
  readonly store: DocumentSnapshotStore;
  readonly clock: () => Date;
}

export interface CaptureSnapshotOutcome extends SnapshotReplaceOutcome {
  readonly documents: number;
  readonly startedAt: string;
  readonly endedAt: string;
}

/**
 * The daily full read of the document snapshot: every role's trust policy and
 * every inline policy of users, groups and roles (`GetAccountAuthorizationDetails`,
 * all pages; the API returns documents URL-encoded), replacing what the table
 * holds for the account — except entries a write newer than the read has set.
 * A document that cannot be read is left out (and so removed): an unknown
 * before is better than a wrong one.
 */
export async function captureSnapshot(input: CaptureSnapshotInput): Promise<CaptureSnapshotOutcome> {
  const startedAt = input.clock();
  const documents: SweptDocument[] = [];
  let marker: string | undefined;
  do {
    const page = await input.iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Role', 'Group'], Marker: marker }),
    );
    for (const user of page.UserDetailList ?? []) {
      inline(documents, 'user', user.UserName, user.UserPolicyList);
    }
    for (const group of page.GroupDetailList ?? []) {
      inline(documents, 'group', group.GroupName, group.GroupPolicyList);
    }
    for (const role of page.RoleDetailList ?? []) {
      inline(documents, 'role', role.RoleName, role.RolePolicyList);
      add(
        documents,
        role.RoleName ? { type: 'trust', roleName: role.RoleName } : undefined,
        role.AssumeRolePolicyDocument,
      );
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  const endedAt = input.clock();
  const outcome = await input.store.replaceAccount(input.account, documents, { startedAt, endedAt });
  return {
    ...outcome,
    documents: documents.length,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
  };
}

/** {@link captureSnapshot} for the sweep: a failure is logged and reported, the digest still goes out. */
export async function captureSnapshotLogged(
  input: CaptureSnapshotInput & { readonly logger: ActionLogger },
): Promise<CaptureSnapshotOutcome | { readonly failed: string }> {
  try {
    const outcome = await captureSnapshot(input);
    input.logger.info('snapshot captured', { account: input.account, ...outcome });
    return outcome;
  } catch (error) {
    const failed = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    input.logger.warn('snapshot capture failed', { account: input.account, error: failed });
    return { failed };
  }
}

function inline(
  into: SweptDocument[],
  principalKind: PrincipalKind,
  principalName: string | undefined,
  policies: readonly { PolicyName?: string; PolicyDocument?: string }[] | undefined,
): void {
  if (!principalName) return;
  for (const policy of policies ?? []) {
    const ref: SnapshotRef | undefined = policy.PolicyName
      ? { type: 'inline', principalKind, principalName, policyName: policy.PolicyName }
      : undefined;
    add(into, ref, policy.PolicyDocument);
  }
}

function add(into: SweptDocument[], ref: SnapshotRef | undefined, raw: string | undefined): void {
  const document = documentText(raw);
  if (ref && document !== undefined) into.push({ ref, document });
}
