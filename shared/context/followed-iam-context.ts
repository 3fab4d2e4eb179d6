import type { PrincipalKind } from '../actions/action-kinds.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import type { PolicyDocument } from '../policy/policy-document.js';
import type { IamContext } from '../rules/rule-context.js';
import type { SnapshotFollower } from '../snapshot/snapshot-follower.js';
import { belongsTo, documentOfText, refKey, type SnapshotRef, snapshotChanges } from '../snapshot/snapshot-writes.js';

/**
 * An offline context (the `--context` file) that follows the writes of the
 * replayed events in order, in memory: a later event sees an earlier event's
 * document as its before, as the live snapshot would show it.
 */
export function followedIamContext(base: IamContext): IamContext & SnapshotFollower {
  /** Documents set (or deleted: null) by replayed events, per account and ref. */
  const written = new Map<string, { ref: SnapshotRef; document: PolicyDocument | null }>();
  /** Principals deleted (or created anew) by replayed events: the file's documents of them are gone. */
  const gone = new Set<string>();
  const principalKey = (account: string, kind: PrincipalKind, name: string) =>
    `${account}|${kind}/${name.toLowerCase()}`;

  function read(ref: SnapshotRef, accountId: string | undefined, fromFile: () => PolicyDocument | undefined) {
    const account = accountId ?? '';
    const entry = written.get(`${account}|${refKey(ref)}`);
    if (entry) return entry.document ?? undefined;
    const owner = ref.type === 'trust' ? principalKey(account, 'role', ref.roleName) : undefined;
    const inlineOwner = ref.type === 'inline' ? principalKey(account, ref.principalKind, ref.principalName) : undefined;
    if ((owner && gone.has(owner)) || (inlineOwner && gone.has(inlineOwner))) return undefined;
    return fromFile();
  }

  return {
    ...base,
    roleTrustPolicy: (roleName, accountId) =>
      read({ type: 'trust', roleName }, accountId, () => base.roleTrustPolicy?.(roleName, accountId)),
    inlinePolicy: (principalKind, principalName, policyName, accountId) =>
      read({ type: 'inline', principalKind, principalName, policyName }, accountId, () =>
        base.inlinePolicy?.(principalKind, principalName, policyName, accountId),
      ),
    async follow(event: CloudTrailEvent): Promise<void> {
      const account = event.accountId ?? '';
      for (const change of snapshotChanges(event)) {
        if (change.type === 'delete-principal') {
          gone.add(principalKey(account, change.principalKind, change.principalName));
          for (const [key, entry] of written) {
            if (key.startsWith(`${account}|`) && belongsTo(entry.ref, change.principalKind, change.principalName))
              written.delete(key);
          }
        } else {
          const document = change.type === 'set' ? (documentOfText(change.document) ?? null) : null;
          written.set(`${account}|${refKey(change.ref)}`, { ref: change.ref, document });
        }
      }
    },
  };
}
