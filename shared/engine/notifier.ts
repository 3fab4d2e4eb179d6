import type { Notifier } from '../model/notices.js';
import type { ActionLogger } from '../actions/action.js';

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
