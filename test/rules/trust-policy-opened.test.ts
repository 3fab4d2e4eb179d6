import { describe, expect, it } from 'vitest';
import { createDetector } from '../../shared/engine/detect.js';
import type { Finding } from '../../shared/model/finding.js';
import { loadFixture } from '../helpers/rule-fixtures.js';

const RULE = 'iam.trust-policy-opened';

function trustFinding(file: string): Finding | undefined {
  const fixture = loadFixture(RULE, file);
  const detector = createDetector({ settings: fixture.settings, context: fixture.context });
  return detector.detect(fixture.event).findings.find((finding) => finding.ruleId === RULE);
}

describe('iam.trust-policy-opened and our organisation', () => {
  it('an organisation pin that cannot be verified is reported at low, said in words, without quarantine', () => {
    const finding = trustFinding('match-organisation-not-verified.json');
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toContain('organisation not verified');
    expect(finding?.details.notes?.join('\n')).toContain('o-attacker999');
    expect(finding?.remediation).toEqual([]);
  });

  it.each(['match-other-organisation-configured.json', 'match-other-organisation-from-context.json'])(
    '%s: another organisation is outside, critical, with quarantine offered',
    (file) => {
      const finding = trustFinding(file);
      expect(finding?.severity).toBe('critical');
      expect(finding?.details.notes?.join('\n')).toContain('not ours (o-a1b2c3d4e5)');
      expect(finding?.remediation.map((step) => step.kind)).toEqual(['quarantine-role']);
    },
  );

  it('a foreign account with only an external id is critical', () => {
    const finding = trustFinding('match-foreign-account-external-id-only.json');
    expect(finding?.severity).toBe('critical');
    expect(finding?.details.notes).toEqual(['statement 0: trusts account 999988887777, which is not a known account']);
  });
});

describe('iam.trust-policy-opened remediation', () => {
  it('offers restore-trust-policy (before and after documents) and quarantine when the previous document is known', () => {
    const finding = trustFinding('match-public-principal-previous-known.json');
    expect(finding?.remediation.map((step) => step.kind)).toEqual(['restore-trust-policy', 'quarantine-role']);
    const restore = finding?.remediation[0];
    if (restore?.kind !== 'restore-trust-policy') throw new Error('expected restore-trust-policy first');
    expect(JSON.parse(restore.params.previousDocument)).toMatchObject({
      Statement: [{ Effect: 'Allow', Principal: { Service: ['codebuild.amazonaws.com'] } }],
    });
    expect(JSON.parse(restore.params.newDocument)).toMatchObject({ Statement: [{ Principal: { AWS: ['*'] } }] });
    expect(finding?.details.policyDiff).toEqual([
      '+ anyone (*) may sts:AssumeRole (no conditions)',
      '- service codebuild.amazonaws.com no longer: may sts:AssumeRole (no conditions)',
    ]);
  });

  it('offers only quarantine when the previous document is not known, or the role is new', () => {
    expect(trustFinding('match-public-principal.json')?.remediation.map((step) => step.kind)).toEqual([
      'quarantine-role',
    ]);
    expect(trustFinding('match-foreign-account.json')?.remediation.map((step) => step.kind)).toEqual([
      'quarantine-role',
    ]);
  });
});
