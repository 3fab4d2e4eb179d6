/**
 * Scores the detector against the 234 labelled records of ../shared/events-v2
 * (the wider scope: Identity Center, Organizations, resource policies, role
 * assumption, federation, finding inputs), as its CATEGORIES.md says: a
 * successful record of a category produces a finding of the category's rules;
 * nothing at medium or above on `other-v2`; failed calls raise nothing.
 * Categories whose rules are not in the catalogue yet are named in PENDING and
 * checked only for false alarms; the list must shrink as rules arrive (a
 * category listed there that the catalogue covers fails the test).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model/finding.js';
import { atLeast } from '../../shared/model/severity.js';
import { CATALOGUE } from '../../shared/rules/catalogue.js';
import { sharedEventsDir } from '../helpers/shared-events-dir.js';
import { detectFile } from '../helpers/detect-file.js';

const eventsDir = path.join(path.dirname(sharedEventsDir), 'events-v2');

interface Label {
  readonly file: string;
  readonly category: string;
  readonly outcome: 'success' | 'failure';
  readonly event_name: string | null;
  readonly identity_type: string | null;
}

const labels: Label[] = readFileSync(path.join(eventsDir, 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Label);

/** Category → rule ids, from the second table of CATEGORIES.md ("Category → Warden rule ids"). */
function categoryRules(): Map<string, readonly string[]> {
  const text = readFileSync(path.join(eventsDir, 'CATEGORIES.md'), 'utf8');
  const section = text.split(/^## Category → Warden rule ids/m)[1] ?? '';
  const table = new Map<string, readonly string[]>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 4 || !/^[a-z][a-z0-9-]*$/.test(cells[1] ?? '') || cells[1] === 'category') continue;
    table.set(
      cells[1]!,
      [...(cells[2] ?? '').matchAll(/\b[a-z-]+\.[a-z0-9]+(?:-[a-z0-9]+)*\b/g)].map((m) => m[0]),
    );
  }
  return table;
}

const CATEGORY_RULES = categoryRules();
const IN_CATALOGUE = new Set(CATALOGUE.map((rule) => rule.id));

/** Categories none of whose rules exist yet (issues 12 and 13). */
const PENDING = new Set([
  'sso-admin-granted',
  'sso-changed',
  'org-changed',
  'resource-exposed',
  'resource-policy-changed',
  'role-assumed-from-outside',
  'security-finding-input',
]);

function problems(label: Label, findings: readonly Finding[]): string[] {
  if (label.outcome === 'failure') {
    const rootSignIn = label.event_name === 'ConsoleLogin' && label.identity_type === 'Root';
    return !rootSignIn && findings.length > 0 ? ['failed call: expected no finding'] : [];
  }
  if (label.category === 'other-v2') {
    return findings.some((finding) => atLeast(finding.severity, 'medium'))
      ? ['other-v2: expected no finding of severity medium or above']
      : [];
  }
  if (PENDING.has(label.category)) return [];
  const rules = CATEGORY_RULES.get(label.category) ?? [];
  return findings.some((finding) => rules.includes(finding.ruleId))
    ? []
    : [`${label.category}: expected a finding of ${rules.join(' | ')}`];
}

describe('labelled records of the wider scope (../shared/events-v2)', () => {
  it('reads 234 labels, each of a category CATEGORIES.md maps to rules', () => {
    expect(labels).toHaveLength(234);
    expect(labels.filter((label) => !CATEGORY_RULES.has(label.category)).map((label) => label.file)).toEqual([]);
  });

  it('names as pending exactly the categories none of whose rules is in the catalogue', () => {
    const uncovered = [...CATEGORY_RULES]
      .filter(([category, rules]) => category !== 'other-v2' && !rules.some((id) => IN_CATALOGUE.has(id)))
      .map(([category]) => category)
      .sort();
    expect(uncovered).toEqual([...PENDING].sort());
  });

  it('scores every record right: covered categories found, no false alarm, failed calls quiet', () => {
    const report: string[] = [];
    for (const label of labels) {
      const { findings, notes } = detectFile(eventsDir, label.file);
      const wrong = problems(label, findings);
      const produced = findings.map((finding) => `${finding.ruleId}(${finding.severity})`).join(', ') || 'no finding';
      if (wrong.length > 0) report.push(`${label.file} [${label.category}]: ${wrong.join('; ')} — ${produced}`);
      if (notes.some((note) => note.startsWith('rule '))) report.push(`${label.file}: ${notes.join('; ')}`);
    }
    expect(report, `\n${report.join('\n')}\n`).toEqual([]);
  });
});
