import { HygieneCheckId } from '../hygiene-check-ids.js';
import { type HygieneCheckDefinition, userSubject } from '../hygiene-item.js';

export const userWithDirectPolicies: HygieneCheckDefinition = {
  id: HygieneCheckId.UserWithDirectPolicies,
  title: 'Policies attached directly to a user',
  severity: 'low',
  rationale: 'Grant permissions through groups or roles, not to users directly, so access is reviewed in one place.',
  defaultMode: 'alert',
  subject: 'user',
  evaluate: (row, _input, facts) => {
    // Known only from live IAM facts: the credential report does not list policies.
    if (!facts || facts.attachedPolicies.length + facts.inlinePolicies.length === 0) return [];
    const names = [
      ...[...facts.attachedPolicies].sort().map((name) => `managed ${name}`),
      ...[...facts.inlinePolicies].sort().map((name) => `inline ${name}`),
    ];
    return [
      {
        ...userSubject(row),
        check: HygieneCheckId.UserWithDirectPolicies,
        fingerprint: names.join(','),
        target: { type: 'user', name: row.user, arn: row.arn },
        summary: `User ${row.user} has ${names.length} polic${names.length === 1 ? 'y' : 'ies'} attached directly: ${names.join(', ')}`,
      },
    ];
  },
};
