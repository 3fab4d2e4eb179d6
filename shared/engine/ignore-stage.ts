import { isFailedCall, type CloudTrailEvent } from '../cloudtrail/event.js';
import { normaliseRecord, type NormaliseResult } from '../cloudtrail/normalise-record.js';
import type { SkipReason } from '../cloudtrail/skip-reason.js';
import type { WardenStore } from '../store/store.js';
import { confirmOwnCall, type OwnCallClaim, ownCallClaim, type WardenSelf } from './own-calls.js';

/**
 * The ignore stage (DESIGN §1 "parse → ignore → evaluate rules"): every reason
 * an input item or an event is not acted on before the rules run, in one
 * table. The detect function, `warden replay` and the detector's counters all
 * read it, so a reason means the same wherever it is counted or logged.
 */

export type IgnoreReason = SkipReason | 'warden-own-call' | 'failed-call';

/** The reasons an event still reaches some rules: the detector is told, and names it when none matched. */
export type RuleReason = Extract<IgnoreReason, 'failed-call'>;

export interface IgnoreRow {
  /** What the reason means, in plain words. */
  readonly meaning: string;
  /**
   * Where it is counted: `skipped` (not a CloudTrail event) or `ignored` (an
   * event no rule acts on) — the two lines of the replay summary.
   */
  readonly countedAs: 'skipped' | 'ignored';
  /**
   * Which rules still see the event: none (the detect function reports the
   * event `skipped`), or only those that read failures (`includeFailures`).
   */
  readonly reaches: 'no rule' | 'failure rules';
  /** What the detect function logs; absent when the event is only counted. */
  readonly logged?: { readonly level: 'info' | 'warn'; readonly message: string };
}

/** Input that is not a CloudTrail record: logged, since it may be a wiring fault. */
const notAnEvent = (meaning: string): IgnoreRow => ({
  meaning,
  countedAs: 'skipped',
  reaches: 'no rule',
  logged: { level: 'warn', message: 'event skipped' },
});

export const IGNORE_REASONS: { readonly [reason in IgnoreReason]: IgnoreRow } = {
  'invalid-json': notAnEvent(
    'Text that is not JSON (a whole file, one JSON line, or a lookup-events `CloudTrailEvent` string).',
  ),
  'not-a-record': notAnEvent('JSON that is not an object (a number, a string, a nested array, …).'),
  'missing-event-name': notAnEvent('An object without an `eventName`.'),
  'insights-event': notAnEvent('A CloudTrail Insights event (no caller, no API call).'),
  'empty-input': notAnEvent('An empty file, empty array or `{"Records": []}`.'),
  'unsupported-format': notAnEvent(
    'JSON of a known wrapper shape that holds no CloudTrail record (e.g. another EventBridge detail-type).',
  ),
  'gzip-corrupt': notAnEvent('Bytes starting with the gzip magic number that do not decompress.'),
  'malformed-record': notAnEvent(
    'A record the normaliser could not read at all (e.g. an object whose properties throw).',
  ),
  'warden-own-call': {
    meaning:
      "Warden's own call (its hub execute role, or a remediation session whose action the store confirms): acting on it would loop. The document snapshot still follows it.",
    countedAs: 'ignored',
    reaches: 'no rule',
    logged: { level: 'info', message: 'own call ignored' },
  },
  'failed-call': {
    meaning:
      'A call that failed (an errorCode, or a console sign-in whose result is Failure) changed nothing. Only rules that read failures see it: root.console-login reports a failed root sign-in (someone is trying the root password).',
    countedAs: 'ignored',
    reaches: 'failure rules',
  },
};

/** The CloudTrail record inside an EventBridge event (or the record itself), or why there is none. */
export function readEvent(input: unknown): NormaliseResult {
  if (input && typeof input === 'object' && 'detail' in input && 'detail-type' in input) {
    const envelope = input as { detail: unknown; time?: unknown; region?: unknown; account?: unknown };
    return normaliseRecord(envelope.detail, {
      time: envelope.time,
      region: envelope.region,
      account: envelope.account,
    });
  }
  return normaliseRecord(input);
}

/** What the stage tells the detector about an event that reaches the rules. */
export interface RuleScreen {
  readonly reason?: RuleReason;
}

/** An event's screen for the rules: pure, on the event's own fields. */
export function ruleScreen(event: CloudTrailEvent): RuleScreen {
  return isFailedCall(event) ? { reason: 'failed-call' } : {};
}

export type EventScreen = { readonly reason: 'warden-own-call'; readonly own: OwnCallClaim } | RuleScreen;

export interface ScreenDependencies {
  /** Who Warden is in this deployment: how its own calls are recognised. */
  readonly self: WardenSelf;
  /** The Lambda's store: confirms a remediation session against the recorded action. Absent in replay. */
  readonly store?: Pick<WardenStore, 'getAction'>;
  readonly logger?: { warn(message: string, extra?: Record<string, unknown>): void };
}

/**
 * Warden's own call (confirmed, see own-calls.ts), else the screen for the
 * rules. A call that claims to be Warden's but is not confirmed is logged and
 * goes to the rules like any other caller's.
 */
export async function screenEvent(event: CloudTrailEvent, deps: ScreenDependencies): Promise<EventScreen> {
  const claim = ownCallClaim(event, deps.self);
  if (claim) {
    const verdict = await confirmOwnCall(event, claim, deps.self, deps.store);
    if (verdict.own) return { reason: 'warden-own-call', own: claim };
    // Someone using Warden's role or session naming without a matching action: evaluate it, and say so.
    deps.logger?.warn('call claims to be Warden but is not', {
      eventId: event.eventId,
      eventName: event.eventName,
      role: claim.roleArn,
      reason: verdict.rejected,
    });
  }
  return ruleScreen(event);
}

/** What the log line of a confirmed own call carries. */
export function ownCallFields(event: CloudTrailEvent, own: OwnCallClaim): Record<string, unknown> {
  return {
    eventId: event.eventId,
    eventName: event.eventName,
    as: own.kind,
    ...(own.kind === 'remediation-session' ? { actionId: own.actionId } : {}),
  };
}

/** Logs an ignored input or event as its row says (nothing for a reason that is only counted). */
export function logIgnored(
  logger: {
    info(message: string, extra?: Record<string, unknown>): void;
    warn(message: string, extra?: Record<string, unknown>): void;
  },
  reason: IgnoreReason,
  fields: Record<string, unknown>,
): void {
  const logged = IGNORE_REASONS[reason].logged;
  if (logged) logger[logged.level](logged.message, fields);
}
