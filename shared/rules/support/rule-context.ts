import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import type { PolicyDocument } from '../../model/policy-document.js';

/**
 * What rules may know beyond the event itself. Lookups are synchronous and pure
 * for rules; a live implementation (Lambda) fills its cache in `prefetch` before
 * rules run, an offline one (replay) reads an authorization-details file.
 *
 * Every lookup returns `undefined` when the content is unknown — rules then say
 * "not analysed" instead of guessing.
 */
export interface IamContext {
  /** Loads what `event` will need (live implementations); optional. */
  prefetch?(event: CloudTrailEvent): Promise<void>;
  /** The default version's document of a managed policy. */
  managedPolicyDocument(policyArn: string): PolicyDocument | undefined;
  /** A specific version's document of a managed policy. */
  managedPolicyVersion(policyArn: string, versionId: string): PolicyDocument | undefined;
  /** The default version id of a managed policy, when known. */
  managedPolicyDefaultVersion(policyArn: string): string | undefined;
  /**
   * The version that was default before `newVersionId` became default, when a
   * live context read after the event can tell (see live-iam-context.ts).
   */
  previousDefaultVersion?(policyArn: string, newVersionId: string): string | undefined;
  /** A group's attached managed policy ARNs and inline documents. */
  group(groupName: string, accountId?: string): GroupPermissions | undefined;
  /** A role's or user's current permissions boundary ARN (null: none), when known. */
  permissionsBoundary?(kind: 'user' | 'role', name: string, accountId?: string): string | null | undefined;
  /**
   * A role's trust policy as it was before the event being evaluated (from the
   * document snapshot live, from the context file offline), when known.
   */
  roleTrustPolicy?(roleName: string, accountId?: string): PolicyDocument | undefined;
  /** An inline policy's document as it was before the event being evaluated, when known. */
  inlinePolicy?(
    kind: 'user' | 'role' | 'group',
    principalName: string,
    policyName: string,
    accountId?: string,
  ): PolicyDocument | undefined;
  /**
   * The organisation as Warden knows it at run time (Organizations `DescribeOrganization`
   * and `ListAccounts`, cached; or the config), when known.
   */
  organization?(): OrganizationFacts | undefined;
  /**
   * The S3 buckets the trails deliver to, as the sweep last read them
   * (`DescribeTrails` in every account swept, cached), when known. They only
   * widen `cloudtrail.trailBuckets`; replay has none.
   */
  trailBuckets?(): readonly string[] | undefined;
}

export interface OrganizationFacts {
  /** `o-…`; undefined when it cannot be established. */
  readonly id?: string;
  /** Member account ids (the management account included). */
  readonly accounts: readonly string[];
}

export interface GroupPermissions {
  readonly groupName: string;
  readonly managedPolicyArns: readonly string[];
  readonly inlinePolicies: readonly { readonly name: string; readonly document: PolicyDocument }[];
}

/** A context that knows nothing: every finding that needs content says it was not analysed. */
export const EMPTY_CONTEXT: IamContext = Object.freeze({
  managedPolicyDocument: () => undefined,
  managedPolicyVersion: () => undefined,
  managedPolicyDefaultVersion: () => undefined,
  group: () => undefined,
});
