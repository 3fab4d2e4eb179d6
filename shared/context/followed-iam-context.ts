import type { PrincipalKind } from '../model/action-kinds.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import type { PolicyDocument } from '../model/policy-document.js';
import type { IamContext, IamContextSource } from '../rules/support/rule-context.js';
import type { SnapshotFollower } from '../snapshot/snapshot-follower.js';
import { belongsTo, documentOfText, refKey, type SnapshotRef, snapshotChanges } from '../snapshot/snapshot-writes.js';

/** What a replayed event set, with the same ordering facts the live snapshot keeps. */
interface Written {
  readonly ref: SnapshotRef;
  /** undefined: deleted. */
  readonly document: PolicyDocument | undefined;
  readonly previous: PolicyDocument | undefined;
  readonly eventId: string;
  readonly at: number;
}

/** The event a context is for: which write is its own, and which came after it. */
interface EventAt {
  readonly eventId: string;
  readonly at: number;
}

/**
 * An offline context (the `--context` file) that follows the writes of the
 * replayed events, in memory, as the live snapshot does
 * (document-snapshot-store.ts): a later event sees an earlier event's document
 * as its before; an event seen twice still sees the document before it; an
 * event older than the write that set a document cannot know its before.
 */
export function followedIamContext(base: IamContext): IamContextSource & SnapshotFollower {
  // What the replayed writes set outlives each event, as the table's snapshot does live.
  const written = new Map<string, Written>();
  /** Principals deleted (or created anew) by replayed events, with when: the file's documents of them are gone. */
  const gone = new Map<string, number>();
  const principalKey = (account: string, kind: PrincipalKind, name: string) =>
    `${account}|${kind}/${name.toLowerCase()}`;
  const ownerKey = (account: string, ref: SnapshotRef) =>
    ref.type === 'trust'
      ? principalKey(account, 'role', ref.roleName)
      : principalKey(account, ref.principalKind, ref.principalName);

  /** The document as event `current` sees it. */
  function read(
    current: EventAt,
    ref: SnapshotRef,
    accountId: string | undefined,
    fromFile: () => PolicyDocument | undefined,
  ) {
    const account = accountId ?? '';
    const entry = written.get(`${account}|${refKey(ref)}`);
    if (entry) {
      if (current.eventId === entry.eventId) return entry.previous;
      return entry.at > current.at ? undefined : entry.document;
    }
    return gone.has(ownerKey(account, ref)) ? undefined : fromFile();
  }

  function set(key: string, entry: Omit<Written, 'previous'>): void {
    const existing = written.get(key);
    if (existing && (existing.eventId === entry.eventId || existing.at > entry.at)) return;
    const previous = existing ? existing.document : undefined;
    written.set(key, { ...entry, previous });
  }

  return {
    forEvent(event: CloudTrailEvent): Promise<IamContext> {
      const current: EventAt = { eventId: event.eventId, at: Date.parse(event.eventTime) };
      return Promise.resolve({
        ...base,
        roleTrustPolicy: (roleName, accountId) =>
          read(current, { type: 'trust', roleName }, accountId, () => base.roleTrustPolicy?.(roleName, accountId)),
        inlinePolicy: (principalKind, principalName, policyName, accountId) =>
          read(current, { type: 'inline', principalKind, principalName, policyName }, accountId, () =>
            base.inlinePolicy?.(principalKind, principalName, policyName, accountId),
          ),
      });
    },
    async follow(event: CloudTrailEvent): Promise<void> {
      const account = event.accountId ?? '';
      const at = Date.parse(event.eventTime);
      for (const change of snapshotChanges(event)) {
        if (change.type === 'delete-principal') {
          gone.set(principalKey(account, change.principalKind, change.principalName), at);
          for (const [key, entry] of written) {
            if (key.startsWith(`${account}|`) && belongsTo(entry.ref, change.principalKind, change.principalName))
              set(key, { ref: entry.ref, document: undefined, eventId: event.eventId, at });
          }
        } else {
          const document = change.type === 'set' ? documentOfText(change.document) : undefined;
          const key = `${account}|${refKey(change.ref)}`;
          // The file's document is the before of the first write that replaces it.
          if (!written.has(key) && !gone.has(ownerKey(account, change.ref))) {
            const fromFile =
              change.ref.type === 'trust'
                ? base.roleTrustPolicy?.(change.ref.roleName, event.accountId)
                : base.inlinePolicy?.(
                    change.ref.principalKind,
                    change.ref.principalName,
                    change.ref.policyName,
                    event.accountId,
                  );
            written.set(key, { ref: change.ref, document: fromFile, previous: undefined, eventId: '', at: -Infinity });
          }
          set(key, { ref: change.ref, document, eventId: event.eventId, at });
        }
      }
    },
  };
}
