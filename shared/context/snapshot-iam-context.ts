import type { CloudTrailEvent } from '../cloudtrail/event.js';
import type { PolicyDocument } from '../model/policy-document.js';
import type { IamContext, IamContextSource } from '../rules/support/rule-context.js';
import type { SnapshotFollower } from '../snapshot/snapshot-follower.js';
import {
  documentOfText,
  refKey,
  type SnapshotRef,
  snapshotChanges,
  snapshotReads,
} from '../snapshot/snapshot-writes.js';
import { type DocumentSnapshotStore, documentBefore } from '../store/document-snapshot-store.js';

export interface SnapshotIamContextDeps {
  readonly store: DocumentSnapshotStore;
  readonly logger: { warn(message: string, extra?: Record<string, unknown>): void };
}

/**
 * The live contexts with before-documents from the document snapshot:
 * `forEvent(event)` also reads the snapshot entries the event needs (the
 * role's trust policy for UpdateAssumeRolePolicy, the inline policy for
 * Put/Delete*Policy), and the context's `roleTrustPolicy` / `inlinePolicy`
 * answer from them. `follow(event)` applies a successful write to the
 * snapshot afterwards. A snapshot read or write that fails is logged: the
 * before stays unknown ("not analysed") and the finding is not lost.
 */
export function snapshotIamContext(
  base: IamContextSource,
  deps: SnapshotIamContextDeps,
): IamContextSource & SnapshotFollower {
  async function readBefore(event: CloudTrailEvent): Promise<Map<string, PolicyDocument | undefined>> {
    const before = new Map<string, PolicyDocument | undefined>();
    const account = event.accountId;
    if (!account) return before;
    for (const ref of snapshotReads(event)) {
      try {
        const entry = await deps.store.get(account, ref);
        before.set(`${account}|${refKey(ref)}`, documentOfText(documentBefore(entry, event)));
      } catch (error) {
        deps.logger.warn('snapshot read failed', { eventId: event.eventId, error: messageOf(error) });
      }
    }
    return before;
  }

  return {
    async forEvent(event: CloudTrailEvent): Promise<IamContext> {
      const context = await base.forEvent(event);
      const before = await readBefore(event);
      const lookup = (ref: SnapshotRef, accountId: string | undefined) =>
        before.get(`${accountId ?? ''}|${refKey(ref)}`);
      return {
        ...context,
        roleTrustPolicy: (roleName, accountId) => lookup({ type: 'trust', roleName }, accountId),
        inlinePolicy: (principalKind, principalName, policyName, accountId) =>
          lookup({ type: 'inline', principalKind, principalName, policyName }, accountId),
      };
    },
    async follow(event: CloudTrailEvent): Promise<void> {
      const account = event.accountId;
      if (!account) return;
      for (const change of snapshotChanges(event)) {
        try {
          await deps.store.apply(account, change, event);
        } catch (error) {
          deps.logger.warn('snapshot update failed', {
            eventId: event.eventId,
            eventName: event.eventName,
            change: change.type,
            error: messageOf(error),
          });
        }
      }
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
