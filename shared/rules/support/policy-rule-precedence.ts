/**
 * Which rule speaks for a policy write when several match the same event:
 * one table, most specific first. A rule gives way to every rule of an
 * earlier tier (its `supersededBy`), so the on-call engineer reads one
 * finding — the one with the sharpest meaning and the full diff — instead of
 * four about the same document. Rules of one tier never give way to each
 * other; a tier's rules that never match the same events as an earlier
 * tier's (the trust and boundary rules) lose nothing by the order.
 */
const TIERS: readonly (readonly string[])[] = [
  // Administrator access granted, or a default version that broadens to it: nothing says more.
  ['iam.admin-policy-attached', 'iam.admin-inline-policy', 'iam.policy-version-escalated'],
  // Admin implies every escalation path.
  ['iam.privilege-escalation-granted'],
  // Escalation findings carry the same diff, wildcards included.
  ['iam.wildcard-policy'],
  ['iam.permissions-boundary-removed', 'iam.trust-policy-opened'],
  // The change-review alert: only when no rule above has anything to say.
  ['iam.policy-changed'],
];

/** The ids `ruleId` gives way to; throws for an id the table does not hold, so a typo cannot drop findings. */
export function supersededByPrecedence(ruleId: string): readonly string[] {
  const tier = TIERS.findIndex((ids) => ids.includes(ruleId));
  if (tier === -1) throw new Error(`${ruleId} is not in the policy-rule precedence table`);
  return TIERS.slice(0, tier).flat();
}
