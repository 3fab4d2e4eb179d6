import { SEVERITIES, type Severity } from '../shared/model/severity.js';

/** Counts gathered during a replay, printed on stderr at the end. */
export interface ReplaySummary {
  files: number;
  /** CloudTrail records read (every record that became an event). */
  eventsRead: number;
  /** Input items that were not CloudTrail records, by reason (`invalid-json`, …; IGNORE_REASONS). */
  readonly skipped: Map<string, number>;
  /** Events no rule acted on, by reason (`failed-call`, `warden-own-call`; IGNORE_REASONS). */
  readonly ignored: Map<string, number>;
  /** Findings the configuration turns off (`--config`), by rule id. */
  readonly turnedOff: Map<string, number>;
  /** Rules that threw (each skipped for that event, the run goes on), by rule id. */
  readonly ruleErrors: Map<string, number>;
  readonly findingsByRule: Map<string, number>;
  readonly findingsBySeverity: Map<Severity, number>;
}

export function emptySummary(): ReplaySummary {
  return {
    files: 0,
    eventsRead: 0,
    skipped: new Map(),
    ignored: new Map(),
    turnedOff: new Map(),
    ruleErrors: new Map(),
    findingsByRule: new Map(),
    findingsBySeverity: new Map(),
  };
}

export function count<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

export function totalOf(map: ReadonlyMap<unknown, number>): number {
  let total = 0;
  for (const value of map.values()) total += value;
  return total;
}

/**
 * ```
 * events read   17 from 3 files
 * skipped       1  (invalid-json 1)
 * ignored       1  (failed-call 1)
 * findings      12 (critical 5, high 4, medium 1, low 1, info 1)
 *   root.console-login  1
 * ```
 */
export function formatReplaySummary(summary: ReplaySummary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const byCount = (map: ReadonlyMap<string, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const breakdown = (entries: readonly (readonly [string, number])[]) =>
    entries.length === 0 ? '' : ` (${entries.map(([key, n]) => `${key} ${n}`).join(', ')})`;

  const severities = [...SEVERITIES]
    .reverse()
    .filter((s) => summary.findingsBySeverity.has(s))
    .map((s) => [s, summary.findingsBySeverity.get(s) ?? 0] as const);
  const lines = [
    `events read  ${summary.eventsRead} from ${plural(summary.files, 'file')}`,
    `skipped      ${totalOf(summary.skipped)}${breakdown(byCount(summary.skipped))}`,
    `ignored      ${totalOf(summary.ignored)}${breakdown(byCount(summary.ignored))}`,
    `findings     ${totalOf(summary.findingsBySeverity)}${breakdown(severities)}`,
  ];
  if (summary.turnedOff.size > 0) {
    lines.push(
      `turned off   ${totalOf(summary.turnedOff)}${breakdown(byCount(summary.turnedOff))} — by the configuration`,
    );
  }
  if (summary.ruleErrors.size > 0) {
    lines.push(
      `rule errors  ${totalOf(summary.ruleErrors)}${breakdown(byCount(summary.ruleErrors))} — those rules were skipped for those events`,
    );
  }
  const rules = byCount(summary.findingsByRule);
  const width = Math.max(0, ...rules.map(([rule]) => rule.length));
  for (const [rule, n] of rules) lines.push(`  ${rule.padEnd(width)}  ${n}`);
  return lines.join('\n') + '\n';
}
