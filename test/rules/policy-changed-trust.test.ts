import { describe, expect, it } from 'vitest';
import { createDetector } from '../../shared/engine/detect.js';
import type { Finding } from '../../shared/model/finding.js';
import { loadFixture } from '../helpers/rule-fixtures.js';

function findings(ruleId: string, file: string): Finding[] {
  const fixture = loadFixture(ruleId, file);
  return createDetector({ settings: fixture.settings, context: fixture.context }).detect(fixture.event).findings;
}

describe('trust policy writes are policy changes', () => {
  it('UpdateAssumeRolePolicy with the before from the context: an info finding with both sides', () => {
    const found = findings('iam.policy-changed', 'match-update-assume-role-policy-with-before.json');
    expect(found.map((finding) => [finding.ruleId, finding.severity])).toEqual([['iam.policy-changed', 'info']]);
    expect(found[0]?.summary).toContain('changed the trust policy of role ci-deploy');
    expect(found[0]?.details.policyDiff).toEqual([
      '+ account 123456789012 (root) may sts:AssumeRole (no conditions)',
      '- service codebuild.amazonaws.com no longer: may sts:AssumeRole (no conditions)',
    ]);
  });

  it('UpdateAssumeRolePolicy without context: the diff says the previous document is not known', () => {
    const [finding] = findings('iam.policy-changed', 'match-update-assume-role-policy-before-unknown.json');
    expect(finding?.details.policyDiff?.[0]).toBe(
      'the previous trust policy is not known; listing everything the new one allows',
    );
  });

  it('CreateRole trusting its own account: an info finding listing the new trust', () => {
    const found = findings('iam.trust-policy-opened', 'no-match-own-account.json');
    expect(found.map((finding) => [finding.ruleId, finding.severity])).toEqual([['iam.policy-changed', 'info']]);
    expect(found[0]?.summary).toContain('created role');
    expect(found[0]?.details.policyDiff?.every((line) => line.startsWith('+ '))).toBe(true);
  });

  it('a trust opened to outsiders is one critical finding that carries the diff', () => {
    const found = findings('iam.policy-changed', 'no-match-trust-opened-superseded.json');
    expect(found.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ['iam.trust-policy-opened', 'critical'],
    ]);
    expect(found[0]?.details.policyDiff).toContain('+ anyone (*) may sts:AssumeRole (no conditions)');
  });
});
