import type { ActionOperation } from './action-kinds.js';
import type { Decision } from './decision.js';
import type { Finding } from './finding.js';
import type { ActionRecord, SlackRef } from './records.js';

/** What the engine tells people about: a finding raised, an action done or undone. */
export interface FindingNotice {
  readonly finding: Finding;
  readonly decision: Decision;
  readonly actions: readonly ActionRecord[];
  /** The first finding of the same thread (e.g. root session) and its message, when this one continues it. */
  readonly thread?: { readonly findingId: string; readonly slack?: SlackRef };
}

export interface ActionNotice {
  readonly finding: Finding & { readonly slack?: SlackRef };
  readonly action: ActionRecord;
  readonly operation: ActionOperation;
  /** Who asked: 'auto' or a Slack user id. */
  readonly requestedBy: string;
  /** Plain words of the outcome ("Detached AdministratorAccess from user bob", "cannot undo: …"). */
  readonly outcome: string;
}

/**
 * Tells people. The Slack notifier posts and updates messages; until it is
 * configured (and in the CLI and tests) a logging notifier records the same.
 */
export interface Notifier {
  /** Returns where the message went, when it went to Slack. */
  findingRaised(notice: FindingNotice): Promise<SlackRef | undefined>;
  actionCompleted(notice: ActionNotice): Promise<void>;
}
