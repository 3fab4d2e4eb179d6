import { memoizeByDocument } from './memoize-by-document.js';
import { expansionKey, installedActionCatalog as catalog, isWriteLevel } from './action-catalog.js';
import {
  isAllActionsPattern,
  isAllResourcesPattern,
  isDeniedEverywhere,
  isSweepingDeny,
  statementActionTest,
} from './effective-permissions.js';
import { ensurePolicyDocument } from './parse-policy-document.js';
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import { hasWildcard } from './wildcard-match.js';

export interface WildcardGrant {
  readonly statementIndex: number;
  readonly kind: 'action' | 'resource';
  readonly pattern: string;
  readonly writeActionCount: number;
  readonly examples: readonly string[];
}

/**
 * Allow statements that grant write-level actions (Write, Permissions
 * management, Tagging per iam-data) through a wildcard:
 * - kind `action`: a `*`/`?` in an Action pattern (`s3:*`, `iam:Put*`, `*`), or
 *   a NotAction statement (it allows everything else);
 * - kind `resource`: the statement applies to every resource (`Resource: *`,
 *   NotResource). Write actions that support no resource types (they can only
 *   ever be granted on `*`, e.g. `iam:CreateAccountAlias`) are not counted
 *   for this kind — there is nothing narrower to write.
 * Read/List-only wildcards are not reported, nor actions iam-data does not know.
 * Actions removed by an unconditional all-resource Deny are not counted.
 */
export const findWriteWildcards: (input: PolicyDocument) => readonly WildcardGrant[] =
  memoizeByDocument(computeWriteWildcards);

function computeWriteWildcards(input: PolicyDocument): WildcardGrant[] {
  const doc = ensurePolicyDocument(input);
  const denying = doc.Statement.some(isSweepingDeny) ? doc : undefined;
  const grants: WildcardGrant[] = [];
  doc.Statement.forEach((statement, statementIndex) => {
    if (statement.Effect !== 'Allow') return;
    for (const { pattern, actions } of wildcardActionGroups(statement)) {
      const stats = writeStats(actions, false, denying);
      if (stats.count > 0) grants.push({ statementIndex, kind: 'action', pattern, ...statsFields(stats) });
    }
    const resourcePattern = allResourcePattern(statement);
    if (resourcePattern !== undefined) {
      const stats = writeStats(statementActions(statement), true, denying);
      if (stats.count > 0) {
        grants.push({ statementIndex, kind: 'resource', pattern: resourcePattern, ...statsFields(stats) });
      }
    }
  });
  return grants;
}

interface WriteStats {
  readonly count: number;
  readonly examples: readonly string[];
}

const EXAMPLES = 5;
const statsCache = new Map<string, WriteStats>();
const MAX_STATS_CACHE = 1024;

function statsFields(stats: WriteStats): { writeActionCount: number; examples: readonly string[] } {
  return { writeActionCount: stats.count, examples: stats.examples };
}

/** Action lists are identified by a key so repeated patterns (`*`, `s3:*`) are counted once. */
interface ActionList {
  readonly key: string;
  readonly actions: () => readonly string[];
}

function wildcardActionGroups(statement: PolicyStatement): { pattern: string; actions: ActionList }[] {
  if (statement.Action) {
    return statement.Action.filter(hasWildcard).map((pattern) => ({ pattern, actions: patternList(pattern) }));
  }
  if (statement.NotAction) {
    return [{ pattern: `NotAction: ${statement.NotAction.join(', ')}`, actions: notActionList(statement) }];
  }
  return [];
}

function patternList(pattern: string): ActionList {
  if (isAllActionsPattern(pattern)) return { key: '*', actions: catalog.everyAction };
  return { key: `p:${expansionKey(pattern)}`, actions: () => catalog.expandActionPattern(pattern) };
}

function notActionList(statement: PolicyStatement): ActionList {
  return {
    key: `n:${listKey(statement.NotAction ?? [])}`,
    actions: () => catalog.everyAction().filter(statementActionTest(statement)),
  };
}

function statementActions(statement: PolicyStatement): ActionList {
  if (statement.NotAction && !statement.Action) return notActionList(statement);
  const patterns = statement.Action ?? [];
  if (patterns.some(isAllActionsPattern)) return { key: '*', actions: catalog.everyAction };
  return {
    key: `l:${listKey(patterns)}`,
    actions: () => [...new Set(patterns.flatMap((p) => catalog.expandActionPattern(p)))],
  };
}

/**
 * One key for every order and spelling of the same patterns, each keyed as the
 * catalogue keys its expansions (so a Kelvin sign does not pass for a `k`).
 * JSON keeps the entries apart whatever they hold: joined with a newline, the
 * pattern `iam:PassRole\ns3:Get*` took the count of the list `iam:PassRole`, `s3:Get*`.
 */
function listKey(patterns: readonly string[]): string {
  return JSON.stringify(patterns.map(expansionKey).sort());
}

function allResourcePattern(statement: PolicyStatement): string | undefined {
  if (statement.Resource) return statement.Resource.find(isAllResourcesPattern);
  if (statement.NotResource && !statement.NotResource.some(isAllResourcesPattern)) {
    return `NotResource: ${statement.NotResource.join(', ')}`;
  }
  return undefined;
}

/** Counts write actions in a list; cached per list unless a Deny in the document filters it. */
function writeStats(list: ActionList, scopableOnly: boolean, denying: PolicyDocument | undefined): WriteStats {
  const cacheKey = `${scopableOnly ? 's' : 'a'}|${list.key}`;
  if (!denying) {
    const cached = statsCache.get(cacheKey);
    if (cached) return cached;
  }
  let count = 0;
  const preferred: string[] = [];
  const others: string[] = [];
  for (const action of list.actions()) {
    const info = catalog.actionInfo(action);
    if (!info || !isWriteLevel(info.accessLevel) || (scopableOnly && !info.scopable)) continue;
    if (denying && isDeniedEverywhere(denying, action)) continue;
    count += 1;
    const bucket = info.accessLevel.startsWith('Permissions management') ? preferred : others;
    if (bucket.length < EXAMPLES) bucket.push(info.action);
  }
  const stats: WriteStats = { count, examples: Object.freeze([...preferred, ...others].slice(0, EXAMPLES)) };
  if (!denying) {
    if (statsCache.size >= MAX_STATS_CACHE) statsCache.clear();
    statsCache.set(cacheKey, stats);
  }
  return stats;
}
