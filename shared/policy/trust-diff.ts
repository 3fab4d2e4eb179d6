import { ensurePolicyDocument } from './parse-policy-document.js';
import type { Condition, PolicyDocument, PolicyStatement } from '../model/policy-document.js';

/**
 * Before/after of a role trust policy in plain words: who may (or may no
 * longer) assume the role, with which actions and conditions. A grant is one
 * principal of one statement (`Allow`/`Deny`, principal type and value);
 * grants present on one side only are added or removed, grants on both sides
 * whose actions or conditions differ are "changed". `before` undefined means
 * the previous document is not known: every grant of `after` is listed.
 */
export function diffTrustPolicies(before: PolicyDocument | undefined, after: PolicyDocument): readonly string[] {
  const afterGrants = grantsOf(after);
  if (before === undefined) {
    return [
      'the previous trust policy is not known; listing everything the new one allows',
      ...[...afterGrants.values()].map((grant) => `+ ${grant.who} ${grant.terms}`),
    ];
  }
  const beforeGrants = grantsOf(before);
  const lines: string[] = [];
  for (const [key, grant] of afterGrants) {
    const was = beforeGrants.get(key);
    if (was === undefined) lines.push(`+ ${grant.who} ${grant.terms}`);
    else if (was.terms !== grant.terms) lines.push(`~ ${grant.who}: was ${was.terms}; now ${grant.terms}`);
  }
  for (const [key, grant] of beforeGrants) {
    if (!afterGrants.has(key)) lines.push(`- ${grant.who} no longer: ${grant.terms}`);
  }
  return lines.length > 0 ? lines : ['no change in who may assume the role'];
}

interface Grant {
  /** "account 999988887777 (root)", "anyone (*)", "service lambda.amazonaws.com". */
  readonly who: string;
  /** "may sts:AssumeRole when StringEquals sts:ExternalId = abc". */
  readonly terms: string;
}

function grantsOf(input: PolicyDocument): Map<string, Grant> {
  const doc = ensurePolicyDocument(input);
  const grants = new Map<string, Grant>();
  for (const statement of doc.Statement) {
    for (const [type, value] of principalsOf(statement)) {
      const who = principalWords(type, value);
      const key = `${statement.Effect} ${type} ${value.trim().toLowerCase()}`;
      const terms = `${statement.Effect === 'Allow' ? 'may' : 'is denied'} ${actionWords(statement)}${conditionWords(statement.Condition)}`;
      const existing = grants.get(key);
      // Several statements for one principal: their terms are alternatives.
      grants.set(key, { who, terms: existing ? `${existing.terms}, or ${terms}` : terms });
    }
  }
  return grants;
}

function principalsOf(statement: PolicyStatement): [string, string][] {
  if (statement.NotPrincipal !== undefined) {
    const listed = statement.NotPrincipal === '*' ? ['*'] : Object.values(statement.NotPrincipal).flat();
    return [['NotPrincipal', listed.join(', ')]];
  }
  if (statement.Principal === undefined) return [];
  if (statement.Principal === '*') return [['AWS', '*']];
  return Object.entries(statement.Principal).flatMap(([type, values]) =>
    values.map((value): [string, string] => [type, value]),
  );
}

function principalWords(type: string, value: string): string {
  if (type === 'NotPrincipal') return `everyone except ${value}`;
  if (type === 'AWS') {
    const trimmed = value.trim();
    if (trimmed === '*') return 'anyone (*)';
    if (/^\d{12}$/.test(trimmed)) return `account ${trimmed}`;
    const match = /^arn:[a-z-]+:(?:iam|sts)::(\d{12}):(.+)$/.exec(trimmed);
    if (match) return `account ${match[1]} (${match[2]})`;
    return `AWS principal ${trimmed}`;
  }
  if (type === 'Service') return `service ${value}`;
  if (type === 'Federated') return `identities of ${value}`;
  return `${type} principal ${value}`;
}

function actionWords(statement: PolicyStatement): string {
  if (statement.NotAction !== undefined) return `every action except ${statement.NotAction.join(', ')}`;
  if (statement.Action === undefined) return 'any action';
  return statement.Action.join(', ');
}

function conditionWords(condition: Condition | undefined): string {
  const parts: string[] = [];
  for (const [operator, block] of Object.entries(condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      parts.push(`${operator} ${key} = ${values.join(' or ')}`);
    }
  }
  return parts.length === 0 ? ' (no conditions)' : ` when ${parts.sort().join(' and ')}`;
}
