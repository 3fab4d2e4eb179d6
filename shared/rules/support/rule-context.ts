import type { CloudTrailEvent } from '../../cloudtrail/event.js';
import type { PolicyDocument } from '../../model/policy-document.js';

/**
 * What rules may know beyond the event itself, as of one event. Lookups are
 * synchronous and pure for rules; a live context (Lambda) is made for each
 * event by {@link IamContextSource.forEvent}, which loads what the event needs
 * first; an offline one (replay) reads an authorization-details file.
 *
 * Every lookup returns `undefined` when the content is unknown — rules then say
 * "not analysed" instead of guessing.
 */
export interface IamContext {
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

/**
 * Where the context of each event comes from. Made once (per cold start, per
 * replay), it holds only what outlives an event: clients, caches of documents
 * that never change, the facts the sweep stored, the writes a replay follows.
 * What one event needs is loaded into the context `forEvent` returns, and goes
 * with it: nothing of one event is left for the next to clear.
 */
export interface IamContextSource {
  forEvent(event: CloudTrailEvent): Promise<IamContext>;
}

/** A source whose context is the same for every event (a file read once, or nothing known). */
export function fixedContext(context: IamContext): IamContextSource {
  const ready = Promise.resolve(context);
  return { forEvent: () => ready };
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
