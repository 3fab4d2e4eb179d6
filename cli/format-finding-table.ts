import { styleText } from 'node:util';
import type { EventOrigin } from '../shared/cloudtrail/event.js';
import type { Finding } from '../shared/model/finding.js';
import type { Severity } from '../shared/model/severity.js';
import { actorLabel, conditionLine, remediationLine, shortTime, targetLabel } from './describe-finding.js';

export interface TableRow {
  readonly finding: Finding;
  readonly origin: EventOrigin;
}

type Style = Parameters<typeof styleText>[0];

const SEVERITY_STYLE: Record<Severity, Style> = {
  critical: ['red', 'bold'],
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'gray',
};

const HEADERS = ['SEVERITY', 'RULE', 'TIME', 'ACTOR', 'TARGET', 'SUMMARY'] as const;
/** Columns wider than this are cut with `…` so the summary stays on screen. */
const MAX_WIDTH = [8, 40, 21, 36, 36, Infinity];

/**
 * The readable replay output: one line per finding (severity, rule, time,
 * actor, target, summary), then one `condition: …` line per condition of the statements
 * the finding rests on and one `→ would …` line per planned remediation.
 */
export function formatFindingTable(rows: readonly TableRow[], color: boolean): string {
  if (rows.length === 0) return 'No findings.\n';
  const paint = (style: Style, text: string) => (color ? styleText(style, text, { validateStream: false }) : text);
  const cells = rows.map(({ finding }) =>
    [
      finding.severity,
      finding.ruleId,
      shortTime(finding.eventTime),
      actorLabel(finding.actor),
      targetLabel(finding.target),
      finding.summary,
    ].map((cell, column) => clip(cell, MAX_WIDTH[column] ?? Infinity)),
  );
  const widths = HEADERS.map((header, column) =>
    column === HEADERS.length - 1 ? 0 : Math.max(header.length, ...cells.map((row) => row[column]?.length ?? 0)),
  );
  const indent = ' '.repeat(widths[0]! + 2);
  const lines = [paint('bold', join([...HEADERS], widths))];
  rows.forEach(({ finding }, index) => {
    const row = cells[index]!;
    const line = join(row, widths);
    const severityCell = row[0]!;
    lines.push(paint(SEVERITY_STYLE[finding.severity], severityCell) + line.slice(severityCell.length));
    for (const condition of finding.details.conditions ?? []) {
      lines.push(indent + paint('yellow', conditionLine(condition)));
    }
    for (const step of finding.remediation) {
      lines.push(indent + paint('magenta', `→ ${remediationLine(step)}`));
    }
  });
  return lines.join('\n') + '\n';
}

function join(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
    .join('  ')
    .trimEnd();
}

function clip(text: string, width: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, width - 1)}…`;
}
