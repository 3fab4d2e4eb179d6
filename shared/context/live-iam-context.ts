import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListGroupPoliciesCommand,
  ListPolicyVersionsCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import { IamEvent } from '../cloudtrail/event-names.js';
import { requestString } from '../cloudtrail/request-parameter.js';
import { isAdminManagedPolicyArn } from '../policy/admin-equivalent.js';
import { parsePolicyDocument } from '../policy/parse-policy-document.js';
import type { PolicyDocument } from '../model/policy-document.js';
import type { GroupPermissions, IamContext, IamContextSource } from '../rules/support/rule-context.js';

/**
 * Policy versions never change once created, so their documents are cached
 * across invocations (bounded); which version is the default does change and
 * is read for every event that needs it.
 */
export class PolicyVersionCache {
  private readonly documents = new Map<string, PolicyDocument | null>();
  constructor(private readonly maxEntries = 500) {}

  get(policyArn: string, versionId: string): PolicyDocument | null | undefined {
    return this.documents.get(`${policyArn}#${versionId}`);
  }

  set(policyArn: string, versionId: string, document: PolicyDocument | null): void {
    if (this.documents.size >= this.maxEntries) {
      const oldest = this.documents.keys().next().value;
      if (oldest !== undefined) this.documents.delete(oldest);
    }
    this.documents.set(`${policyArn}#${versionId}`, document);
  }
}

export interface LiveIamContextDeps {
  /** IAM client for the event's account (the hub's own, or one through the member role). */
  readonly iamFor: (accountId: string | undefined) => Promise<IAMClient>;
  readonly versionCache: PolicyVersionCache;
}

const POLICY_EVENTS: ReadonlySet<string> = new Set([
  IamEvent.AttachUserPolicy,
  IamEvent.AttachGroupPolicy,
  IamEvent.AttachRolePolicy,
  IamEvent.CreatePolicyVersion,
  IamEvent.SetDefaultPolicyVersion,
  IamEvent.PutUserPermissionsBoundary,
  IamEvent.PutRolePermissionsBoundary,
]);

/** What IAM said about one event's policies and group: the event's own, dropped with its context. */
interface EventReads {
  /** Policy ARN → its default version id, as read for this event. */
  readonly defaults: Map<string, string>;
  /** `arn#newDefault` → the version default before it. */
  readonly previousDefaults: Map<string, string>;
  readonly groups: Map<string, GroupPermissions>;
}

/**
 * A source of contexts that read IAM at run time: `forEvent(event)` loads the
 * customer-managed policy or group the event names, then rules look it up
 * synchronously in the context it returns. AWS-managed admin policies are
 * known by ARN and not fetched. A read that fails leaves the content unknown,
 * so rules say "not analysed". Which version is default (and a group's
 * policies) is read for each event; only the immutable version documents are
 * kept across events, in the shared {@link PolicyVersionCache}.
 */
export function liveIamContext(deps: LiveIamContextDeps): IamContextSource {
  const cache = deps.versionCache;

  async function loadVersion(iam: IAMClient, policyArn: string, versionId: string): Promise<void> {
    if (cache.get(policyArn, versionId) !== undefined) return;
    const response = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
    const parsed = parsePolicyDocument(response.PolicyVersion?.Document);
    cache.set(policyArn, versionId, parsed.ok ? parsed.document : null);
  }

  async function loadPolicy(reads: EventReads, iam: IAMClient, policyArn: string, allVersions: boolean): Promise<void> {
    const policy = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }));
    const defaultVersion = policy.Policy?.DefaultVersionId;
    if (!defaultVersion) return;
    reads.defaults.set(policyArn, defaultVersion);
    await loadVersion(iam, policyArn, defaultVersion);
    if (allVersions) {
      const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
      for (const version of versions.Versions ?? []) {
        if (version.VersionId) await loadVersion(iam, policyArn, version.VersionId);
      }
      // IAM does not record which version was default before; after CreatePolicyVersion(setAsDefault)
      // the best evidence is the newest version created before the new default.
      const created = (id: string | undefined) =>
        versions.Versions?.find((version) => version.VersionId === id)?.CreateDate?.getTime() ?? 0;
      const before = (versions.Versions ?? [])
        .filter(
          (version) => version.VersionId !== defaultVersion && created(version.VersionId) <= created(defaultVersion),
        )
        .sort(
          (a, b) =>
            created(b.VersionId) - created(a.VersionId) || versionNumber(b.VersionId) - versionNumber(a.VersionId),
        );
      if (before[0]?.VersionId) reads.previousDefaults.set(`${policyArn}#${defaultVersion}`, before[0].VersionId);
    }
  }

  async function loadGroup(
    reads: EventReads,
    iam: IAMClient,
    groupName: string,
    accountId: string | undefined,
  ): Promise<void> {
    const attached = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: groupName }));
    const managedPolicyArns = (attached.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : []));
    for (const arn of managedPolicyArns) {
      if (!isAdminManagedPolicyArn(arn)) await loadPolicy(reads, iam, arn, false);
    }
    const names = await iam.send(new ListGroupPoliciesCommand({ GroupName: groupName }));
    const inlinePolicies: { name: string; document: PolicyDocument }[] = [];
    for (const name of names.PolicyNames ?? []) {
      const inline = await iam.send(new GetGroupPolicyCommand({ GroupName: groupName, PolicyName: name }));
      const parsed = parsePolicyDocument(inline.PolicyDocument);
      if (parsed.ok) inlinePolicies.push({ name, document: parsed.document });
    }
    reads.groups.set(groupKey(groupName, accountId), { groupName, managedPolicyArns, inlinePolicies });
  }

  async function load(reads: EventReads, event: CloudTrailEvent): Promise<void> {
    try {
      if (POLICY_EVENTS.has(event.eventName)) {
        // Only a new version is judged against an earlier one; SetDefaultPolicyVersion's predecessor is unknowable.
        const arn = requestString(event, 'policyArn') ?? requestString(event, 'permissionsBoundary');
        if (arn && !isAdminManagedPolicyArn(arn)) {
          const iam = await deps.iamFor(event.accountId);
          await loadPolicy(reads, iam, arn, event.eventName === IamEvent.CreatePolicyVersion);
        }
      } else if (event.eventName === IamEvent.AddUserToGroup) {
        const groupName = requestString(event, 'groupName');
        if (groupName) await loadGroup(reads, await deps.iamFor(event.accountId), groupName, event.accountId);
      }
    } catch (error) {
      // The content stays unknown and findings say so; anything but an AWS error is a bug.
      if (!(error instanceof NoSuchEntityException) && !(error instanceof Error && '$metadata' in error)) throw error;
    }
  }

  return {
    async forEvent(event: CloudTrailEvent): Promise<IamContext> {
      const reads: EventReads = { defaults: new Map(), previousDefaults: new Map(), groups: new Map() };
      await load(reads, event);
      const { defaults, previousDefaults, groups } = reads;
      return {
        managedPolicyDocument(policyArn) {
          const version = defaults.get(policyArn);
          return version ? (cache.get(policyArn, version) ?? undefined) : undefined;
        },
        managedPolicyVersion(policyArn, versionId) {
          return cache.get(policyArn, versionId) ?? undefined;
        },
        managedPolicyDefaultVersion(policyArn) {
          return defaults.get(policyArn);
        },
        previousDefaultVersion(policyArn, newVersionId) {
          return previousDefaults.get(`${policyArn}#${newVersionId}`);
        },
        group(groupName, accountId) {
          return groups.get(groupKey(groupName, accountId));
        },
      };
    },
  };
}

function versionNumber(versionId: string | undefined): number {
  return Number(/^v(\d+)$/.exec(versionId ?? '')?.[1] ?? 0);
}

function groupKey(groupName: string, accountId: string | undefined): string {
  return `${accountId ?? ''}/${groupName}`;
}
