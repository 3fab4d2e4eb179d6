import type { Mode } from '../model/action-kinds.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import type { Finding } from '../model/finding.js';
import type { SnapshotFollower } from '../snapshot/snapshot-follower.js';
import type { IamContextSource } from '../rules/support/rule-context.js';
import type { WardenConfig } from '../settings/warden-config.js';
import type { WardenStore } from '../store/store.js';
import type { Decision } from '../model/decision.js';
import { decide } from './decide.js';
import type { Detection, Detector } from './detect.js';
import { screenEvent } from './ignore-stage.js';
import type { OwnCallClaim, WardenSelf } from './own-calls.js';

/**
 * ignore (ignore-stage.ts) → evaluate → decide: the part of DESIGN §1's
 * pipeline that says what Warden makes of one event, shared by the detect
 * function and `warden replay` so a replay shows exactly what production
 * would do. What follows in the Lambda (dedupe, record, notify, act) needs
 * the store and lives in process-event.ts.
 */

export interface EvaluationDependencies {
  readonly detector: Detector;
  readonly config: WardenConfig;
  /** Rule id → the catalogue's default mode. */
  readonly defaultModes: ReadonlyMap<string, Mode>;
  /** Who Warden is in this deployment: how its own calls are recognised. */
  readonly self: WardenSelf;
  /** The Lambda's store: confirms a remediation session against the recorded action. Absent in replay. */
  readonly store?: Pick<WardenStore, 'getAction'>;
  /** Where each event's context comes from (loaded before the rules run); absent: the detector's own. */
  readonly context?: IamContextSource;
  /** Keeps the document snapshot current: every evaluated event is passed on, Warden's own calls included. */
  readonly snapshot?: SnapshotFollower;
  readonly logger?: { warn(message: string, extra?: Record<string, unknown>): void };
}

export interface DecidedFinding {
  readonly finding: Finding;
  readonly decision: Decision;
}

export type Evaluation =
  | { readonly ignored: 'warden-own-call'; readonly own: OwnCallClaim }
  | {
      readonly ignored?: undefined;
      readonly own?: undefined;
      readonly detection: Detection;
      /** Every finding with what the configuration makes of it (`notify: false` when off). */
      readonly decided: readonly DecidedFinding[];
    };

export async function evaluateEvent(event: CloudTrailEvent, deps: EvaluationDependencies): Promise<Evaluation> {
  const screen = await screenEvent(event, deps);
  if (screen.reason === 'warden-own-call') {
    // Warden's own call changed IAM too: the snapshot follows it, though no rule looks at it.
    await follow(event, deps);
    return { ignored: screen.reason, own: screen.own };
  }
  const context = await deps.context?.forEvent(event);
  const detection = deps.detector.detect(event, { screen, context });
  // After the rules read the before-documents: the event's own write must not be its before.
  await follow(event, deps);
  const decided = detection.findings.map((finding) => ({
    finding,
    decision: decide({
      finding,
      ruleDefaultMode: deps.defaultModes.get(finding.ruleId) ?? 'alert',
      config: deps.config,
      autoActionsThisHour: 0,
    }),
  }));
  return { detection, decided };
}

async function follow(event: CloudTrailEvent, deps: EvaluationDependencies): Promise<void> {
  try {
    await deps.snapshot?.follow(event);
  } catch (error) {
    // Followers log their own failures; this guards the finding against one that does not.
    deps.logger?.warn('snapshot update failed', {
      eventId: event.eventId,
      error: error instanceof Error ? error.name : String(error),
    });
  }
}
