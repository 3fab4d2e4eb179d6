import { parsedDocumentAnalyses } from './parse-policy-document.js';
import type { PolicyDocument, PolicyStatement } from '../model/policy-document.js';
import { actionListMatcher } from './statement-action-matcher.js';

/**
 * Statement semantics shared by the analysers. Kept deliberately simple and
 * documented:
 *
 * - An Allow statement grants an action when one of its `Action` patterns
 *   matches it (case-insensitive, `*`/`?` wildcards), or — for `NotAction` —
 *   when none of its `NotAction` patterns does.
 * - Resources: `Resource: "*"` (or an all-covering ARN pattern such as
 *   `arn:*`, `arn:aws:*:*:*:*`) covers every resource; a `NotResource`
 *   statement applies to every resource except a few, which we count as
 *   covering every resource unless the exclusion is itself `*`.
 * - Conditions do not stop a statement from granting (a conditional grant is
 *   still a grant); callers that care, like the trust analysis, read them.
 * - Deny: only an explicit Deny that has no conditions and applies to every
 *   resource removes actions. Any narrower Deny is ignored, so analysis errs
 *   towards reporting a grant.
 */

const ALL_RESOURCES = /^arn(?::\*|:aws[a-z-]*)?(?::\*)*$/;

/** `*` or `*:*` — every action. */
export function isAllActionsPattern(pattern: string): boolean {
  return /^\*+(?::\*+)?$/.test(pattern.trim());
}

/** A resource pattern that matches every resource. */
export function isAllResourcesPattern(pattern: string): boolean {
  const trimmed = pattern.trim();
  if (/^\*+$/.test(trimmed)) return true;
  return trimmed.endsWith('*') && ALL_RESOURCES.test(trimmed);
}

/** Whether the statement's action element (Action or NotAction) includes `action`. */
export function statementMatchesAction(statement: PolicyStatement, action: string): boolean {
  if (statement.Action) return actionListMatcher(statement.Action)(action);
  if (statement.NotAction) return !actionListMatcher(statement.NotAction)(action);
  return false;
}

/** {@link statementMatchesAction} for one statement, prepared once to test many actions. */
export function statementActionTest(statement: PolicyStatement): (action: string) => boolean {
  if (statement.Action) return actionListMatcher(statement.Action);
  if (statement.NotAction) {
    const excluded = actionListMatcher(statement.NotAction);
    return (action) => !excluded(action);
  }
  return () => false;
}

/** Whether the statement's action element includes every action (`*`, or `NotAction: []`). */
export function statementCoversAllActions(statement: PolicyStatement): boolean {
  if (statement.Action) return statement.Action.some(isAllActionsPattern);
  if (statement.NotAction) return statement.NotAction.length === 0;
  return false;
}

/** Whether the statement applies to at least one resource. */
export function statementAppliesToAnyResource(statement: PolicyStatement): boolean {
  if (statement.Resource) return statement.Resource.length > 0;
  if (statement.NotResource) return !statement.NotResource.some(isAllResourcesPattern);
  // No resource element: trust policies and resource policies omit it.
  return true;
}

/** Whether the statement applies to every resource (see the module notes for NotResource). */
export function statementCoversAllResources(statement: PolicyStatement): boolean {
  if (statement.Resource) return statement.Resource.some(isAllResourcesPattern);
  if (statement.NotResource) return !statement.NotResource.some(isAllResourcesPattern);
  return true;
}

export function hasConditions(statement: PolicyStatement): boolean {
  return statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
}

/** A Deny that removes its actions everywhere: no conditions, every resource. */
export function isSweepingDeny(statement: PolicyStatement): boolean {
  return statement.Effect === 'Deny' && !hasConditions(statement) && statementCoversAllResources(statement);
}

/** Whether an unconditional all-resource Deny in the document removes `action`. */
export function isDeniedEverywhere(doc: PolicyDocument, action: string): boolean {
  return statementsOf(doc).sweepingDenies.some((denies) => denies(action));
}

/** Index of the Allow statements granting `action` on some resource, ignoring Deny. */
export function allowingStatements(doc: PolicyDocument, action: string): number[] {
  const indexes: number[] = [];
  for (const { index, allows } of statementsOf(doc).applyingAllows) if (allows(action)) indexes.push(index);
  return indexes;
}

/** Whether the document allows `action` on some resource (escalation is about capability). */
export function documentAllowsAction(doc: PolicyDocument, action: string): boolean {
  return statementsOf(doc).applyingAllows.some(({ allows }) => allows(action)) && !isDeniedEverywhere(doc, action);
}

interface StatementGroups {
  /** The Allow statements applying to some resource, with their action tests. */
  readonly applyingAllows: readonly { readonly index: number; readonly allows: (action: string) => boolean }[];
  /** Action tests of the statements {@link isSweepingDeny} accepts. */
  readonly sweepingDenies: readonly ((action: string) => boolean)[];
}

const GROUPS_KEY = {};

/** The statement groups the questions above read; kept with parsed (never changed) documents. */
function statementsOf(doc: PolicyDocument): StatementGroups {
  const kept = parsedDocumentAnalyses(doc);
  const cached = kept?.get(GROUPS_KEY) as StatementGroups | undefined;
  if (cached) return cached;
  const applyingAllows: { index: number; allows: (action: string) => boolean }[] = [];
  const sweepingDenies: ((action: string) => boolean)[] = [];
  doc.Statement.forEach((statement, index) => {
    if (statement.Effect === 'Allow' && statementAppliesToAnyResource(statement)) {
      applyingAllows.push({ index, allows: statementActionTest(statement) });
    }
    if (isSweepingDeny(statement)) sweepingDenies.push(statementActionTest(statement));
  });
  const groups = { applyingAllows, sweepingDenies };
  kept?.set(GROUPS_KEY, groups);
  return groups;
}
