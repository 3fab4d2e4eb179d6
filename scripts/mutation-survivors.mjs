#!/usr/bin/env node
// Lists the mutants a StrykerJS run left alive, one line each, from its JSON
// report: `node scripts/mutation-survivors.mjs [report.json] [file filter]`.
// Default report: reports/mutation/focus.json (the focused runs), falling back
// to reports/mutation/mutation.json. Used to work through survivors and to
// check test/mutation/equivalent-mutants.md against the latest run:
// `--unlisted` shows only the survivors that list does not name (same file,
// line and mutator), so "every survivor killed or named" is one empty output.
import { existsSync, readFileSync } from 'node:fs';

const candidates = [process.argv[2], 'reports/mutation/focus.json', 'reports/mutation/mutation.json'];
const reportPath = candidates.find((path) => path !== undefined && path.endsWith('.json') && existsSync(path));
if (reportPath === undefined) {
  console.error('No mutation report found; run Stryker first (README "Mutation testing").');
  process.exit(1);
}
const options = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const filter = process.argv.find((arg, index) => index >= 2 && !arg.endsWith('.json') && !arg.startsWith('--'));
const unlistedOnly = options.includes('--unlisted');
// `- \`shared/x.ts:12\` · Mutator …` lines of the equivalent-mutant list.
const listPath = 'test/mutation/equivalent-mutants.md';
const listed = new Set(
  (existsSync(listPath) ? readFileSync(listPath, 'utf8') : '')
    .split('\n')
    .map((line) => /^- `([^`:]+):(\d+)(?::\d+)?` · (\w+)/.exec(line))
    .filter((match) => match !== null)
    .map(([, file, line, mutator]) => `${file}:${line}:${mutator}`),
);
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const alive = new Set(['Survived', 'NoCoverage']);
const counted = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);
const rows = [];
for (const [file, { mutants }] of Object.entries(report.files)) {
  if (filter !== undefined && !file.includes(filter)) continue;
  const scored = mutants.filter((mutant) => counted.has(mutant.status));
  const killed = scored.filter((mutant) => !alive.has(mutant.status)).length;
  const score = scored.length === 0 ? 100 : (100 * killed) / scored.length;
  rows.push(`# ${file}: ${killed}/${scored.length} killed (${score.toFixed(2)} %)`);
  for (const mutant of mutants.filter((m) => alive.has(m.status))) {
    const { line, column } = mutant.location.start;
    if (unlistedOnly && listed.has(`${file}:${line}:${mutant.mutatorName}`)) continue;
    const replacement = (mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80);
    rows.push(`${file}:${line}:${column} · ${mutant.mutatorName} · ${mutant.status} · ${replacement}`);
  }
}
console.log(rows.join('\n'));
