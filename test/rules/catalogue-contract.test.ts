import { describe, expect, it } from 'vitest';
import { MODES } from '../../shared/model/action-kinds.js';
import { ACTION_KINDS } from '../../shared/actions/registry.js';
import { isKnownEventName } from '../../shared/cloudtrail/event-names.js';
import { createDetector } from '../../shared/engine/detect.js';
import { CATALOGUE } from '../../shared/rules/catalogue.js';
import { ANY_EVENT } from '../../shared/rules/support/define-rule.js';
import type { Finding } from '../../shared/model/finding.js';
import { isSeverity } from '../../shared/model/severity.js';
import { fixtureRuleIds, ruleFixtures, type RuleFixture } from '../helpers/rule-fixtures.js';

const RULE_ID = /^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$/;

function detect(fixture: RuleFixture): Finding[] {
  const detector = createDetector({ settings: fixture.settings, context: fixture.context });
  return detector.detect(fixture.event).findings;
}

/** The §2 fields every finding carries, listed by name when missing. */
function missingFields(finding: Finding): string[] {
  const missing: string[] = [];
  if (!finding.actor.type) missing.push('actor.type');
  if (!finding.actor.arn && !finding.actor.principalId) missing.push('actor.arn');
  if (!finding.target.type) missing.push('target.type');
  if (!finding.target.name && !finding.target.arn && !finding.target.id) missing.push('target name/arn/id');
  if (!finding.account || !/^\d{12}$/.test(finding.account)) missing.push('account');
  if (!finding.region) missing.push('region');
  if (!finding.eventTime || Number.isNaN(Date.parse(finding.eventTime))) missing.push('eventTime');
  if (!finding.eventId) missing.push('eventId');
  if (!finding.summary.trim()) missing.push('summary');
  if (!finding.rationale.trim()) missing.push('rationale');
  if (!/^[0-9a-f]{16}$/.test(finding.id)) missing.push('id');
  return missing;
}

describe('rule catalogue', () => {
  it('has a rule for every fixture folder and unique <area>.<condition> ids', () => {
    const ids = CATALOGUE.map((rule) => rule.id);
    // Sized by the fixture folders, not a number to edit: a rule added or dropped without its fixtures fails here.
    expect([...ids].sort()).toEqual(fixtureRuleIds());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !RULE_ID.test(id))).toEqual([]);
  });

  it.each(CATALOGUE.map((rule) => [rule.id, rule] as const))('%s declares a complete definition', (_id, rule) => {
    expect(rule.title.trim()).not.toBe('');
    expect(rule.rationale.trim().length).toBeGreaterThan(20);
    expect(rule.remediationSummary.trim()).not.toBe('');
    expect(isSeverity(rule.severity)).toBe(true);
    expect(MODES).toContain(rule.defaultMode);
    if (rule.on !== ANY_EVENT) {
      expect(rule.on.length).toBeGreaterThan(0);
      expect(rule.on.filter((name) => !isKnownEventName(name))).toEqual([]);
    }
    const catalogueIds = new Set(CATALOGUE.map((other) => other.id));
    expect((rule.supersededBy ?? []).filter((id) => !catalogueIds.has(id))).toEqual([]);
  });

  it('has no fixture folder without a rule', () => {
    const ids = new Set(CATALOGUE.map((rule) => rule.id));
    expect(fixtureRuleIds().filter((folder) => !ids.has(folder))).toEqual([]);
  });
});

describe.each(CATALOGUE.map((rule) => [rule.id] as const))('%s fixtures', (ruleId) => {
  const fixtures = ruleFixtures(ruleId);

  it('has at least one match and one no-match fixture', () => {
    expect(fixtures.filter((fixture) => fixture.expect === 'match').length).toBeGreaterThan(0);
    expect(fixtures.filter((fixture) => fixture.expect === 'no-match').length).toBeGreaterThan(0);
  });

  const matches = fixtures.filter((fixture) => fixture.expect === 'match');
  const noMatches = fixtures.filter((fixture) => fixture.expect === 'no-match');

  it.each(matches.map((fixture) => [fixture.file, fixture] as const))(
    '%s yields a complete finding of the rule',
    (_file, fixture) => {
      const findings = detect(fixture).filter((finding) => finding.ruleId === ruleId);
      expect(findings, fixture.description).toHaveLength(1);
      const [finding] = findings as [Finding];
      expect(missingFields(finding)).toEqual([]);
      for (const step of finding.remediation) {
        expect(ACTION_KINDS).toContain(step.kind);
        expect(step.account).toBe(finding.account);
        expect(step.description.trim()).not.toBe('');
      }
    },
  );

  it.each(noMatches.map((fixture) => [fixture.file, fixture] as const))(
    '%s yields no finding of the rule',
    (_file, fixture) => {
      const findings = detect(fixture).filter((finding) => finding.ruleId === ruleId);
      expect(
        findings.map((finding) => finding.summary),
        fixture.description,
      ).toEqual([]);
    },
  );
});
