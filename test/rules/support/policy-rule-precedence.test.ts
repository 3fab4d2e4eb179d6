import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../shared/rules/catalogue.js';
import { supersededByPrecedence } from '../../../shared/rules/support/policy-rule-precedence.js';

const sorted = (ids: readonly string[] | undefined) => [...(ids ?? [])].sort();

describe('policy-rule precedence', () => {
  it('gives each policy rule the rules it yields to, most specific first', () => {
    expect(sorted(supersededByPrecedence('iam.admin-policy-attached'))).toEqual([]);
    expect(sorted(supersededByPrecedence('iam.policy-version-escalated'))).toEqual([]);
    expect(sorted(supersededByPrecedence('iam.privilege-escalation-granted'))).toEqual([
      'iam.admin-inline-policy',
      'iam.admin-policy-attached',
      'iam.policy-version-escalated',
    ]);
    expect(sorted(supersededByPrecedence('iam.wildcard-policy'))).toEqual([
      'iam.admin-inline-policy',
      'iam.admin-policy-attached',
      'iam.policy-version-escalated',
      'iam.privilege-escalation-granted',
    ]);
    expect(sorted(supersededByPrecedence('iam.policy-changed'))).toEqual([
      'iam.admin-inline-policy',
      'iam.admin-policy-attached',
      'iam.permissions-boundary-removed',
      'iam.policy-version-escalated',
      'iam.privilege-escalation-granted',
      'iam.trust-policy-opened',
      'iam.wildcard-policy',
    ]);
  });

  it('refuses an id it does not hold, so a misspelt rule cannot silently lose its precedence', () => {
    expect(() => supersededByPrecedence('iam.policy-chnaged')).toThrow(
      'iam.policy-chnaged is not in the policy-rule precedence table',
    );
  });

  it('is what the catalogue rules carry', () => {
    const byId = new Map(CATALOGUE.map((rule) => [rule.id, rule]));
    for (const id of ['iam.policy-changed', 'iam.wildcard-policy', 'iam.privilege-escalation-granted']) {
      expect(sorted(byId.get(id)?.supersededBy), id).toEqual(sorted(supersededByPrecedence(id)));
    }
  });
});
