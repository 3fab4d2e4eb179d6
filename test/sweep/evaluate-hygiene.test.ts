import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../shared/settings/load-config.js';
import { parseCredentialReport } from '../../shared/sweep/credential-report.js';
import { evaluateHygiene, keyIdForSlot, type UserFacts } from '../../shared/sweep/evaluate-hygiene.js';

const EXAMPLE = readFileSync(new URL('../../examples/credential-report.csv', import.meta.url));
const NOW = new Date('2025-06-01T07:00:00Z');
const settings = defaultConfig().sweep;

function items(options: { now?: Date; users?: Map<string, UserFacts>; settings?: typeof settings } = {}) {
  return evaluateHygiene({
    report: parseCredentialReport(EXAMPLE),
    users: options.users,
    settings: options.settings ?? settings,
    now: options.now ?? NOW,
    region: 'us-east-1',
  });
}

const summary = (list: ReturnType<typeof items>) =>
  list.map(({ finding }) => [finding.ruleId, finding.target.name, finding.target.keySlot ?? null]);

describe('evaluateHygiene over the example report', () => {
  it('finds exactly the expected items', () => {
    expect(summary(items())).toEqual([
      ['hygiene.root-access-key-present', '<root_account>', 1],
      ['hygiene.root-mfa-disabled', '<root_account>', null],
      ['hygiene.root-recently-used', '<root_account>', null],
      ['hygiene.access-key-not-rotated', 'alice', 1],
      ['hygiene.console-user-without-mfa', 'bob', null],
      ['hygiene.user-inactive', 'bob', null],
      ['hygiene.access-key-unused', 'ci-deploy', 2],
      ['hygiene.access-key-unused', 'old-contractor', 1],
      ['hygiene.user-inactive', 'old-contractor', null],
    ]);
  });

  it('plans no action for root items and says how root keys are removed', () => {
    const root = items().filter(({ finding }) => finding.target.name === '<root_account>');
    expect(root.every(({ finding }) => finding.remediation.length === 0)).toBe(true);
    expect(root[0]!.finding.rationale).toContain('sts:AssumeRoot');
    expect(root[0]!.finding.severity).toBe('critical');
  });

  it('plans disable-access-key with the exact key id once the ids are known, mapped by creation time', () => {
    const users = new Map<string, UserFacts>([
      [
        'ci-deploy',
        {
          accessKeys: [
            { id: 'AKIANEWER000000000001', createDate: new Date('2025-04-01T06:00:00.400Z'), status: 'Active' },
            { id: 'AKIAOLDER000000000002', createDate: new Date('2023-02-01T06:00:00Z'), status: 'Active' },
          ],
          attachedPolicies: ['AmazonS3FullAccess'],
          inlinePolicies: [],
        },
      ],
    ]);
    const ci = items({ users }).filter(({ finding }) => finding.target.name === 'ci-deploy');
    const unused = ci.find(({ finding }) => finding.ruleId === 'hygiene.access-key-unused')!.finding;
    expect(unused.target).toMatchObject({ keySlot: 2, id: 'AKIAOLDER000000000002' });
    expect(unused.remediation).toEqual([
      expect.objectContaining({
        kind: 'disable-access-key',
        params: { userName: 'ci-deploy', accessKeyId: 'AKIAOLDER000000000002' },
        defaultMode: 'approve',
        account: '111122223333',
      }),
    ]);
    const direct = ci.find(({ finding }) => finding.ruleId === 'hygiene.user-with-direct-policies')!.finding;
    expect(direct.summary).toContain('managed AmazonS3FullAccess');
  });

  it('keyIdForSlot falls back to creation order when no key was created in the same second', () => {
    const facts: UserFacts = {
      accessKeys: [
        { id: 'B', createDate: new Date('2024-02-01T00:00:00Z'), status: 'Active' },
        { id: 'A', createDate: new Date('2024-01-01T00:00:00Z'), status: 'Active' },
      ],
      attachedPolicies: [],
      inlinePolicies: [],
    };
    const key = (slot: 1 | 2) => ({
      slot,
      active: true,
      lastRotated: new Date('2020-01-01T00:00:00Z'),
      lastUsed: 'N/A' as const,
    });
    expect([keyIdForSlot(key(1), facts), keyIdForSlot(key(2), facts)]).toEqual(['A', 'B']);
    expect(keyIdForSlot(key(1), undefined)).toBeUndefined();
  });

  it('respects the thresholds: a longer rotation limit drops the not-rotated key', () => {
    const relaxed = { ...settings, accessKeyMaxAgeDays: 600, rootRecentUseDays: 1 };
    const ids = summary(items({ settings: relaxed })).map(([ruleId]) => ruleId);
    expect(ids).not.toContain('hygiene.access-key-not-rotated');
    expect(ids).not.toContain('hygiene.root-recently-used');
  });

  it('gives stable ids and fingerprints: same report, later day → same item ids; a new use → a new id', () => {
    const today = items();
    const tomorrow = items({ now: new Date('2025-06-02T07:00:00Z') });
    const key = (list: typeof today) => list.map((item) => `${item.itemKey}=${item.finding.id}`);
    expect(key(tomorrow)).toEqual(key(today));
    const laterUse = evaluateHygiene({
      report: parseCredentialReport(
        EXAMPLE.toString().replace('2025-05-30T17:02:11+00:00', '2025-05-31T20:00:00+00:00'),
      ),
      settings,
      now: NOW,
      region: 'us-east-1',
    });
    const rootUse = (list: typeof today) => list.find((item) => item.finding.ruleId === 'hygiene.root-recently-used')!;
    expect(rootUse(laterUse).itemKey).toBe(rootUse(today).itemKey);
    expect(rootUse(laterUse).finding.id).not.toBe(rootUse(today).finding.id);
  });
});
