import type { ActionLogger } from '../actions/action.js';
import type { ActionOperation } from '../bus/warden-events.js';
import type { Finding } from '../rules/finding.js';
import type { ActionRecord, SlackRef } from '../store/store.js';
import type { Decision } from './decide.js';

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

export type NoticeLogger = Pick<ActionLogger, 'info'>;

/** Logs each notice as one structured line (no policy documents, no secrets). */
export function loggingNotifier(logger: NoticeLogger): Notifier {
  return {
    async findingRaised({ finding, decision, actions, thread }) {
      logger.info('finding raised', {
        findingId: finding.id,
        ruleId: finding.ruleId,
        severity: decision.severity,
        mode: decision.mode,
        dryRun: decision.dryRun,
        summary: finding.summary,
        actions: actions.map((action) => ({ id: action.id, kind: action.kind, status: action.status })),
        notes: decision.notes,
        thread: thread?.findingId,
      });
      return undefined;
    },
    async actionCompleted({ finding, action, operation, requestedBy, outcome }) {
      logger.info('action completed', {
        findingId: finding.id,
        actionId: action.id,
        kind: action.kind,
        operation,
        status: action.status,
        requestedBy,
        outcome,
      });
    },
  };
}
