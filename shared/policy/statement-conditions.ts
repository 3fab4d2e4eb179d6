import type { StatementCondition } from '../model/statement-condition.js';
import type { PolicyStatement } from '../model/policy-document.js';

/** The statement's conditions, one entry per (operator, key), in document order. */
export function statementConditions(
  statement: PolicyStatement,
  statementIndex: number,
  policy?: string,
): StatementCondition[] {
  const conditions: StatementCondition[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      conditions.push({
        effect: statement.Effect,
        statementIndex,
        ...(policy === undefined ? {} : { policy }),
        operator,
        key,
        values: [...values],
      });
    }
  }
  return conditions;
}

/**
 * Plain words for one condition: what must hold for the statement to apply,
 * then the condition as written, e.g. "Allow in statement 0 applies only when
 * the caller signed in with MFA (Bool aws:MultiFactorAuthPresent = true)".
 * Keys Warden knows (MFA, source IP, organisation, VPC, region, principal)
 * get a sentence; any other key is said generically. The raw text is always
 * kept, so nothing is lost in the wording.
 */
export function describeCondition(condition: StatementCondition): string {
  const where = condition.policy
    ? `${condition.policy}, statement ${condition.statementIndex}`
    : `statement ${condition.statementIndex}`;
  const raw = `${condition.operator} ${condition.key} = ${condition.values.join(', ')}`;
  return `${condition.effect} in ${where} applies only when ${meaning(condition)} (${raw})`;
}

function meaning(condition: StatementCondition): string {
  const parsed = parseOperator(condition.operator);
  const key = condition.key.toLowerCase();
  const values = condition.values;
  const list = values.join(' or ');
  const absent = parsed.ifExists ? ', or the key is absent' : '';
  if (parsed.base === 'null') {
    const missing = values.some((value) => value.toLowerCase() === 'true');
    return `${condition.key} is ${missing ? 'absent' : 'present'}`;
  }
  if (key === 'aws:multifactorauthpresent' && parsed.base === 'bool') {
    const yes = values.some((value) => value.toLowerCase() === 'true');
    return `${yes ? 'the caller signed in with MFA' : 'the caller did not sign in with MFA'}${absent}`;
  }
  if (key === 'aws:multifactorauthage' && parsed.base.startsWith('numericless')) {
    return `the caller signed in with MFA less than ${list} seconds ago${absent}`;
  }
  if (key === 'aws:sourceip' && (parsed.base === 'ipaddress' || parsed.base === 'notipaddress')) {
    const inside = parsed.base === 'ipaddress';
    return `the request comes from ${inside ? '' : 'outside '}source IP ${list}${absent}`;
  }
  if (key === 'aws:principalorgid' || key === 'aws:resourceorgid' || key === 'aws:sourceorgid') {
    const whose =
      key === 'aws:principalorgid' ? 'the caller' : key === 'aws:resourceorgid' ? 'the resource' : 'the source';
    return `${whose} ${negated(parsed.base) ? 'is not' : 'is'} in organisation ${list}${absent}`;
  }
  if (key === 'aws:principalorgpaths' || key === 'aws:resourceorgpaths') {
    const whose = key === 'aws:principalorgpaths' ? 'the caller' : 'the resource';
    return `${whose} ${negated(parsed.base) ? 'is not' : 'is'} under organisation path ${list}${absent}`;
  }
  if (key === 'aws:sourcevpc' || key === 'aws:sourcevpce') {
    const what = key === 'aws:sourcevpc' ? 'VPC' : 'VPC endpoint';
    return `the request ${negated(parsed.base) ? 'does not come' : 'comes'} through ${what} ${list}${absent}`;
  }
  if (key === 'aws:requestedregion') {
    return `the request is ${negated(parsed.base) ? 'outside' : 'for'} region ${list}${absent}`;
  }
  if (key === 'aws:principalarn' || key === 'aws:principalaccount') {
    return `the caller ${negated(parsed.base) ? 'is not' : 'is'} ${list}${absent}`;
  }
  return `${condition.key} ${operatorWords(parsed.base)} ${list}${absent}`;
}

interface ParsedOperator {
  /** Lower case, without a `ForAnyValue:`/`ForAllValues:` prefix or an `IfExists` suffix. */
  readonly base: string;
  readonly ifExists: boolean;
}

function parseOperator(operator: string): ParsedOperator {
  let base = operator.trim().toLowerCase();
  const colon = base.indexOf(':');
  if (colon >= 0) base = base.slice(colon + 1);
  const ifExists = base.endsWith('ifexists');
  if (ifExists) base = base.slice(0, -'ifexists'.length);
  return { base, ifExists };
}

function negated(base: string): boolean {
  return base.includes('not');
}

const OPERATOR_WORDS: Readonly<Record<string, string>> = {
  stringequals: 'is',
  stringequalsignorecase: 'is',
  stringnotequals: 'is not',
  stringnotequalsignorecase: 'is not',
  stringlike: 'matches',
  stringnotlike: 'does not match',
  arnequals: 'is',
  arnlike: 'matches',
  arnnotequals: 'is not',
  arnnotlike: 'does not match',
  numericequals: 'equals',
  numericnotequals: 'does not equal',
  numericlessthan: 'is less than',
  numericlessthanequals: 'is at most',
  numericgreaterthan: 'is more than',
  numericgreaterthanequals: 'is at least',
  dateequals: 'is',
  datenotequals: 'is not',
  datelessthan: 'is before',
  datelessthanequals: 'is at or before',
  dategreaterthan: 'is after',
  dategreaterthanequals: 'is at or after',
  bool: 'is',
  binaryequals: 'is',
  ipaddress: 'is in',
  notipaddress: 'is not in',
};

function operatorWords(base: string): string {
  return OPERATOR_WORDS[base] ?? `satisfies ${base}`;
}
