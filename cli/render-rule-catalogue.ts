import { ANY_EVENT, type Rule } from '../shared/rules/support/define-rule.js';

export const RULES_FORMATS = ['table', 'markdown', 'json'] as const;
export type RulesFormat = (typeof RULES_FORMATS)[number];

/** The facts `warden rules` shows for each rule. */
export interface RuleSummary {
  readonly id: string;
  readonly severity: string;
  readonly title: string;
  /** Event names, or `["*"]` for rules that look at every event. */
  readonly on: readonly string[];
  readonly remediation: string;
  readonly defaultMode: string;
  readonly rationale: string;
}

export function ruleSummary(rule: Rule): RuleSummary {
  return {
    id: rule.id,
    severity: rule.severity,
    title: rule.title,
    on: rule.on === ANY_EVENT ? [ANY_EVENT] : [...rule.on],
    remediation: rule.remediationSummary,
    defaultMode: rule.defaultMode,
    rationale: rule.rationale,
  };
}

/**
 * The catalogue as text. `markdown` is what `docs/rules.md` holds (`npm run docs`);
 * a test renders it in-process and compares it with the file.
 */
export function renderRuleCatalogue(rules: readonly Rule[], format: RulesFormat): string {
  const summaries = rules.map(ruleSummary);
  switch (format) {
    case 'json':
      return JSON.stringify(summaries, null, 2) + '\n';
    case 'markdown':
      return renderMarkdown(summaries);
    case 'table':
      return renderTable(summaries);
  }
}

function firesOn(rule: RuleSummary): string {
  return rule.on.length === 1 && rule.on[0] === ANY_EVENT ? 'any event' : rule.on.join(', ');
}

function renderMarkdown(rules: readonly RuleSummary[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
  const lines = [
    '# Warden rules',
    '',
    '<!-- Generated from shared/rules/catalogue.ts by `npm run docs` (warden rules --format markdown). Do not edit. -->',
    '',
    `Warden ships ${rules.length} rules. Ids are stable forever. The remediation column gives the action each`,
    'rule plans and its default mode (`off`, `alert`, `approve`, `auto`); `warden replay` shows what it would do and',
    'never acts.',
    '',
    '| id | severity | title | fires on | remediation (default mode) |',
    '|---|---|---|---|---|',
    ...rules.map(
      (rule) =>
        `| \`${rule.id}\` | ${rule.severity} | ${cell(rule.title)} | ${cell(firesOn(rule))} | ${cell(rule.remediation)} |`,
    ),
    '',
    '## Rationale',
    '',
  ];
  for (const rule of rules) {
    lines.push(`### \`${rule.id}\``, '', `**${cell(rule.title)}** — ${rule.severity}.`, '', cell(rule.rationale), '');
    lines.push(`Fires on: ${cell(firesOn(rule))}. Remediation: ${cell(rule.remediation)}.`, '');
  }
  return lines.join('\n');
}

function renderTable(rules: readonly RuleSummary[]): string {
  const headers = ['ID', 'SEVERITY', 'TITLE', 'FIRES ON', 'REMEDIATION'];
  const rows = rules.map((rule) => [rule.id, rule.severity, rule.title, clip(firesOn(rule), 60), rule.remediation]);
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  const out = [line(headers), ...rows.map(line)];
  for (const rule of rules) out.push('', `${rule.id}: ${rule.rationale}`);
  return out.join('\n') + '\n';
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
