import { memoizeByDocumentPair } from './memoize-by-document.js';
import { installedActionCatalog as catalog } from './action-catalog.js';
import {
  isAllActionsPattern,
  isAllResourcesPattern,
  isDeniedEverywhere,
  statementAppliesToAnyResource,
  statementCoversAllActions,
  statementActionTest,
} from './effective-permissions.js';
import { ensurePolicyDocument } from './parse-policy-document.js';
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import { findPrivilegeEscalations } from './privilege-escalation.js';
import { hasWildcard, wildcardCovers } from './wildcard-match.js';

export interface PolicyDiff {
  readonly addedActions: readonly string[];
  readonly removedActions: readonly string[];
  readonly widenedResources: readonly string[];
  readonly droppedConditions: readonly string[];
  readonly newEscalations: readonly string[];
  readonly broader: boolean;
  readonly lines: readonly string[];
}

/**
 * Before/after of a policy change in plain words. Either side may be
 * undefined (no policy).
 *
 * Actions are compared after expansion to concrete names. A pattern expanding
 * to more than {@link MAX_EXPANDED} actions (`*`, `ec2:*`, `*:Get*`) and a
 * NotAction list are kept as one symbolic entry instead of thousands of names:
 * `*` is reported as `*` with "(all actions)", others as the pattern with
 * their action count. A concrete action is "granted" by a side when any Allow
 * statement there matches it (and no unconditional all-resource Deny removes
 * it); a symbolic entry when a statement there covers all of it.
 *
 * For actions granted on both sides: a resource is "widened" when an after
 * resource is not matched by any before resource pattern; a condition key is
 * "dropped" when every before statement granting the action required it and
 * some after statement grants the action without it. Condition value changes
 * are not compared.
 */
export const diffPolicies: (before: PolicyDocument | undefined, after: PolicyDocument | undefined) => PolicyDiff =
  memoizeByDocumentPair(computeDiff);

function computeDiff(beforeInput: PolicyDocument | undefined, afterInput: PolicyDocument | undefined): PolicyDiff {
  const before = beforeInput === undefined ? undefined : ensurePolicyDocument(beforeInput);
  const after = afterInput === undefined ? undefined : ensurePolicyDocument(afterInput);
  const beforeSide = side(before);
  const afterSide = side(after);
  const keys = new Map<string, Entry>();
  for (const entry of [...beforeSide.entries, ...afterSide.entries]) {
    if (!keys.has(entry.id)) keys.set(entry.id, entry);
  }
  const added: Change[] = [];
  const removed: Change[] = [];
  const widened = new Map<string, { resource: string; labels: string[] }>();
  const dropped = new Set<string>();
  for (const entry of keys.values()) {
    const was = grantingStatements(beforeSide, entry);
    const now = grantingStatements(afterSide, entry);
    if (now.length > 0 && was.length === 0) added.push({ entry, resources: resourcesOf(now) });
    else if (was.length > 0 && now.length === 0) removed.push({ entry, resources: resourcesOf(was) });
    else if (was.length > 0) {
      const beforeResources = resourcesOf(was);
      for (const resource of resourcesOf(now)) {
        if (!beforeResources.some((pattern) => resourceCovers(pattern, resource))) {
          const change = `${beforeResources.join(', ')} → ${resource}`;
          const group = widened.get(change) ?? { resource, labels: [] };
          group.labels.push(entry.label);
          widened.set(change, group);
        }
      }
      for (const key of requiredConditionKeys(was)) {
        if (now.some((statement) => !conditionKeysOf(statement).has(key.toLowerCase()))) dropped.add(key);
      }
    }
  }
  const beforeEscalations = new Set(before ? findPrivilegeEscalations(before).map((grant) => grant.path.title) : []);
  const newEscalations = (after ? findPrivilegeEscalations(after) : [])
    .map((grant) => grant.path.title)
    .filter((title) => !beforeEscalations.has(title));
  const widenedResources = [...new Set([...widened.values()].map((group) => group.resource))];
  const widenedLines = [...widened.entries()].map(
    ([change, group]) => `resource widened: ${change} (${summarise(group.labels)})`,
  );
  const droppedConditions = [...dropped].sort();
  const addedLine = (change: Change) => `+ ${change.entry.label} on ${change.resources.join(', ')}`;
  // Broad grants first, so they survive the line cap.
  const lines = [
    ...added.filter((change) => change.entry.kind !== 'action').map(addedLine),
    ...newEscalations.map((title) => `new escalation path: ${title}`),
    ...widenedLines,
    ...droppedConditions.map((key) => `condition dropped: ${key}`),
    ...added.filter((change) => change.entry.kind === 'action').map(addedLine),
    ...removed.map((change) => `- ${change.entry.label} on ${change.resources.join(', ')}`),
  ];
  return {
    addedActions: added.map((change) => change.entry.id),
    removedActions: removed.map((change) => change.entry.id),
    widenedResources,
    droppedConditions,
    newEscalations,
    broader:
      added.length > 0 || widenedResources.length > 0 || droppedConditions.length > 0 || newEscalations.length > 0,
    lines: capLines(lines),
  };
}

/** Lines shown in Slack before "… and N more". */
export const MAX_DIFF_LINES = 20;
/** Patterns expanding to more actions than this stay symbolic. */
export const MAX_EXPANDED = 200;

function summarise(labels: readonly string[]): string {
  const shown = labels.slice(0, 3).join(', ');
  return labels.length > 3 ? `${shown} and ${labels.length - 3} more` : shown;
}

function capLines(lines: string[]): string[] {
  if (lines.length <= MAX_DIFF_LINES) return lines;
  return [...lines.slice(0, MAX_DIFF_LINES), `… and ${lines.length - MAX_DIFF_LINES} more`];
}

type Entry =
  | { kind: 'action'; id: string; label: string }
  | { kind: 'all'; id: '*'; label: string }
  | { kind: 'pattern'; id: string; label: string; actions: readonly string[] }
  | { kind: 'not-action'; id: string; label: string; excluded: readonly string[] };

interface Change {
  entry: Entry;
  resources: string[];
}

interface Side {
  readonly doc: PolicyDocument | undefined;
  readonly allows: readonly PolicyStatement[];
  /** `statementMatchesAction` of each of `allows`, prepared once. */
  readonly matches: readonly ((action: string) => boolean)[];
  readonly entries: readonly Entry[];
}

function side(doc: PolicyDocument | undefined): Side {
  const allows = (doc?.Statement ?? []).filter(
    (statement) => statement.Effect === 'Allow' && statementAppliesToAnyResource(statement),
  );
  const entries: Entry[] = [];
  for (const statement of allows) {
    if (statement.Action) {
      for (const raw of statement.Action) entries.push(...entriesForPattern(raw.trim()));
    } else if (statement.NotAction) {
      if (statement.NotAction.length === 0) entries.push(ALL);
      else {
        const excluded = statement.NotAction.map((pattern) => pattern.trim());
        const id = `NotAction: ${[...excluded].sort().join(', ')}`;
        entries.push({ kind: 'not-action', id, label: `every action except ${excluded.join(', ')}`, excluded });
      }
    }
  }
  return { doc, allows, matches: allows.map(statementActionTest), entries };
}

const ALL: Entry = { kind: 'all', id: '*', label: '* (all actions)' };

function entriesForPattern(pattern: string): Entry[] {
  if (isAllActionsPattern(pattern)) return [ALL];
  if (!hasWildcard(pattern)) return [{ kind: 'action', id: canonical(pattern), label: canonical(pattern) }];
  const actions = catalog.expandActionPattern(pattern);
  if (actions.length === 0) return [{ kind: 'pattern', id: pattern, label: `${pattern} (no known actions)`, actions }];
  if (actions.length > MAX_EXPANDED) {
    return [{ kind: 'pattern', id: pattern, label: `${pattern} (${actions.length} actions)`, actions }];
  }
  return actions.map((action) => ({ kind: 'action', id: action, label: action }));
}

function canonical(action: string): string {
  return catalog.expandActionPattern(action)[0] ?? action;
}

function grantingStatements(current: Side, entry: Entry): PolicyStatement[] {
  const doc = current.doc;
  if (!doc || current.allows.length === 0) return [];
  switch (entry.kind) {
    case 'action':
      if (isDeniedEverywhere(doc, entry.id)) return [];
      return current.allows.filter((_, index) => current.matches[index]!(entry.id));
    case 'all':
      return current.allows.filter(statementCoversAllActions);
    case 'pattern':
      return current.allows.filter((statement, index) =>
        entry.actions.length === 0
          ? statementCoversAllActions(statement) ||
            (statement.Action ?? []).some((p) => p.trim().toLowerCase() === entry.id.toLowerCase())
          : hasSamePattern(statement, entry.id) || entry.actions.every(current.matches[index]!),
      );
    case 'not-action':
      return current.allows.filter(
        (statement) =>
          statementCoversAllActions(statement) ||
          (statement.NotAction !== undefined &&
            statement.NotAction.every((pattern) =>
              entry.excluded.some((excluded) => excluded.toLowerCase() === pattern.trim().toLowerCase()),
            )),
      );
  }
}

/**
 * Whether the statement's Action list holds the pattern itself (any ASCII
 * case): then it matches every action of the pattern's expansion, so the
 * action-by-action check can be skipped. Non-ASCII spellings are compared
 * exactly (`toLowerCase` equates letters the wildcard match does not).
 */
function hasSamePattern(statement: PolicyStatement, pattern: string): boolean {
  if (!statement.Action) return false;
  const ascii = !NON_ASCII.test(pattern);
  const lower = pattern.toLowerCase();
  return statement.Action.some((raw) => {
    const candidate = raw.trim();
    return candidate === pattern || (ascii && !NON_ASCII.test(candidate) && candidate.toLowerCase() === lower);
  });
}

const NON_ASCII = /[\u0080-\uffff]/;

function resourcesOf(statements: readonly PolicyStatement[]): string[] {
  const resources = new Set<string>();
  for (const statement of statements) {
    if (statement.Resource) statement.Resource.forEach((resource) => resources.add(resource));
    else if (statement.NotResource) resources.add(`* except ${statement.NotResource.join(', ')}`);
    else resources.add('*');
  }
  return [...resources];
}

function resourceCovers(pattern: string, resource: string): boolean {
  if (pattern === resource) return true;
  if (isAllResourcesPattern(pattern)) return true;
  if (pattern.startsWith('* except ') || resource.startsWith('* except ')) return false;
  return wildcardCovers(pattern, resource);
}

function conditionKeysOf(statement: PolicyStatement): Set<string> {
  const keys = new Set<string>();
  for (const block of Object.values(statement.Condition ?? {})) {
    for (const key of Object.keys(block)) keys.add(key.toLowerCase());
  }
  return keys;
}

/** Condition keys every one of the statements requires (original spelling of the first). */
function requiredConditionKeys(statements: readonly PolicyStatement[]): string[] {
  const [first, ...rest] = statements;
  if (!first) return [];
  const spelled = new Map<string, string>();
  for (const block of Object.values(first.Condition ?? {})) {
    for (const key of Object.keys(block)) if (!spelled.has(key.toLowerCase())) spelled.set(key.toLowerCase(), key);
  }
  return [...spelled.entries()]
    .filter(([lower]) => rest.every((statement) => conditionKeysOf(statement).has(lower)))
    .map(([, key]) => key);
}
