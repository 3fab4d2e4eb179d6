import { hash } from 'node:crypto';
import type { RemediationStep } from '../model/action-kinds.js';
import type { CloudTrailEvent } from '../cloudtrail/event.js';
import { EVENT_SOURCE, type EventName } from '../cloudtrail/event-names.js';
import { actorOf } from '../cloudtrail/identity.js';
import { inMode } from '../actions/step.js';
import { CATALOGUE } from '../rules/catalogue.js';
import { ANY_EVENT, type Rule, type RuleInput, type RuleMatch } from '../rules/support/define-rule.js';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from '../model/detection-settings.js';
import type { Actor, Finding } from '../model/finding.js';
import { EMPTY_CONTEXT, type IamContext } from '../rules/support/rule-context.js';
import { type RuleReason, type RuleScreen, ruleScreen } from './ignore-stage.js';

/**
 * Evaluates the rule catalogue against one CloudTrail event at a time (DESIGN §1
 * "parse → ignore → evaluate rules"). Pure apart from the counters it keeps:
 * the same event always gives the same findings with the same ids. Why an
 * event reaches only some rules is the ignore stage's (ignore-stage.ts).
 */

export interface DetectorOptions {
  /** Defaults to the full {@link CATALOGUE}. */
  readonly rules?: readonly Rule[];
  /**
   * What rules may know beyond the event when `detect` is given no context of
   * the event's own (a file, or nothing); defaults to {@link EMPTY_CONTEXT}.
   */
  readonly context?: IamContext;
  readonly settings?: DetectionSettings;
}

/** A rule that threw while evaluating an event; the rule is skipped for that event. */
export interface RuleFailure {
  readonly ruleId: string;
  readonly eventId: string;
  readonly message: string;
}

export interface Detection {
  readonly findings: Finding[];
  /** Why no rule acted on the event (`failed-call`, see IGNORE_REASONS); absent when rules ran. */
  readonly ignored?: RuleReason;
  /** Rules that threw on this event; absent when none did. */
  readonly errors?: readonly RuleFailure[];
}

export interface DetectorStats {
  /** Events passed to `detect`. */
  readonly events: number;
  /** Events the ignore stage screened (e.g. `failed-call`) that no rule reading them reported. */
  readonly ignored: number;
  /** Rule evaluations that threw (each skipped, none fatal). */
  readonly ruleErrors: number;
}

/** What the pipeline already holds of an event when it hands it to the detector. */
export interface DetectionGiven {
  /** The ignore stage's word on the event; without it the detector asks the stage itself (tests, benchmarks). */
  readonly screen?: RuleScreen;
  /** The event's own context (IamContextSource.forEvent); without it the detector's. */
  readonly context?: IamContext;
}

export interface Detector {
  detect(event: CloudTrailEvent, given?: DetectionGiven): Detection;
  /** Running totals since the detector was created. */
  stats(): DetectorStats;
}

const NO_RULES: readonly Rule[] = Object.freeze([]);

/**
 * An event handed to a rule: routing by service and name guarantees its name
 * is one the rule listens to, from that name's service (ANY_EVENT rules
 * receive every event and must not rely on it).
 */
type RoutedEvent = CloudTrailEvent & { readonly eventName: EventName };

interface RuleIndex {
  /** Event name → (its event source, the rules listening to it, ANY_EVENT rules included, in catalogue order). */
  readonly byName: ReadonlyMap<string, { readonly source: string; readonly rules: readonly Rule[] }>;
  /** Rules for event names no rule names explicitly. */
  readonly anyEvent: readonly Rule[];
}

export function createDetector(options: DetectorOptions = {}): Detector {
  const rules = options.rules ?? CATALOGUE;
  const fixed: RuleInput = {
    context: options.context ?? EMPTY_CONTEXT,
    settings: options.settings ?? DEFAULT_DETECTION_SETTINGS,
  };
  const all = indexRules(rules);
  const failures = indexRules(rules.filter((rule) => rule.includeFailures === true));
  let events = 0;
  let ignored = 0;
  let ruleErrors = 0;

  function detect(event: CloudTrailEvent, given?: DetectionGiven): Detection {
    events += 1;
    const input = given?.context ? { context: given.context, settings: fixed.settings } : fixed;
    const reason = (given?.screen ?? ruleScreen(event)).reason;
    const index = reason === undefined ? all : failures;
    const named = index.byName.get(event.eventName);
    // Routed by service and name: Identity Center's `CreateUser` is not IAM's (see indexRules).
    const candidates = named !== undefined && named.source === event.eventSource ? named.rules : index.anyEvent;

    const matched: { rule: Rule; match: RuleMatch }[] = [];
    let errors: RuleFailure[] | undefined;
    for (const rule of candidates) {
      try {
        const match = rule.match(event as RoutedEvent, input);
        if (match) matched.push({ rule, match });
      } catch (error) {
        ruleErrors += 1;
        (errors ??= []).push({ ruleId: rule.id, eventId: event.eventId, message: messageOf(error) });
      }
    }

    const findings: Finding[] = [];
    if (matched.length > 0) {
      const matchedIds = new Set(matched.map(({ rule }) => rule.id));
      let actor: Actor | undefined;
      for (const { rule, match } of matched) {
        if (rule.supersededBy?.some((id) => matchedIds.has(id))) continue;
        let remediation: readonly RemediationStep[];
        try {
          remediation = planRemediation(rule, match, event, input);
        } catch (error) {
          ruleErrors += 1;
          (errors ??= []).push({ ruleId: rule.id, eventId: event.eventId, message: messageOf(error) });
          continue;
        }
        actor ??= actorOf(event, input.settings);
        findings.push(buildFinding(rule, match, event, actor, remediation));
      }
    }

    if (reason !== undefined && findings.length === 0) ignored += 1;
    return {
      findings,
      ...(reason !== undefined && findings.length === 0 ? { ignored: reason } : {}),
      ...(errors ? { errors } : {}),
    };
  }

  return { detect, stats: () => ({ events, ignored, ruleErrors }) };
}

/** `sha256(ruleId + '\n' + eventId)`, first 16 hex characters: stable across runs and replays. */
export function findingId(ruleId: string, eventId: string): string {
  return hash('sha256', `${ruleId}\n${eventId}`, 'hex').slice(0, 16);
}

/**
 * Rules are routed by service and name: the same name means different things
 * in different services (Identity Center's `CreateUser` is not IAM's), so a
 * rule only sees the name from the service its EventBridge pattern listens to
 * (EVENT_SOURCE gives each known name one service).
 */
function indexRules(rules: readonly Rule[]): RuleIndex {
  const anyEvent = rules.filter((rule) => rule.on === ANY_EVENT);
  const names = new Set<string>();
  for (const rule of rules) if (rule.on !== ANY_EVENT) for (const name of rule.on) names.add(name);
  const byName = new Map<string, { readonly source: string; readonly rules: readonly Rule[] }>();
  for (const name of names) {
    byName.set(name, {
      source: EVENT_SOURCE[name as EventName],
      rules: rules.filter((rule) => rule.on === ANY_EVENT || (rule.on as readonly string[]).includes(name)),
    });
  }
  return { byName, anyEvent: anyEvent.length > 0 ? anyEvent : NO_RULES };
}

function planRemediation(
  rule: Rule,
  match: RuleMatch,
  event: CloudTrailEvent,
  input: RuleInput,
): readonly RemediationStep[] {
  if (!rule.remediation) return NO_STEPS;
  return inMode(rule.remediation(match, event as RoutedEvent, input), rule.defaultMode, event.accountId);
}

const NO_STEPS: readonly RemediationStep[] = Object.freeze([]);

function buildFinding(
  rule: Rule,
  match: RuleMatch,
  event: CloudTrailEvent,
  actor: Actor,
  remediation: readonly RemediationStep[],
): Finding {
  return {
    id: findingId(rule.id, event.eventId),
    ruleId: rule.id,
    title: rule.title,
    severity: match.severity ?? rule.severity,
    eventId: event.eventId,
    eventName: event.eventName,
    eventSource: event.eventSource,
    eventTime: event.eventTime,
    account: event.accountId,
    region: event.awsRegion,
    actor,
    target: match.target,
    summary: match.summary,
    rationale: rule.rationale,
    details: match.details ?? {},
    remediation,
    ...(match.correlationKey === undefined ? {} : { correlationKey: match.correlationKey }),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
