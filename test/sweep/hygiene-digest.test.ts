import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model/finding.js';
import type { Severity } from '../../shared/model/severity.js';
import { hygieneDigest } from '../../shared/slack/hygiene-digest.js';
import type { SlackButton } from '../../shared/slack/slack-message.js';
import { slackLimitProblems } from '../../shared/slack/slack-limit-check.js';
import type { ActionRecord } from '../../shared/model/records.js';

const SWEPT = '2025-06-03T07:00:00.000Z';

function finding(n: number, severity: Severity): Finding {
  return {
    id: `f${String(n).padStart(3, '0')}`,
    ruleId: 'hygiene.access-key-unused',
    title: 'Access key unused',
    severity,
    eventId: 'credential-report:x',
    eventName: 'GetCredentialReport',
    eventSource: 'iam.amazonaws.com',
    eventTime: SWEPT,
    account: '111122223333',
    region: 'us-east-1',
    actor: { type: 'WardenSweep' },
    target: { type: 'access-key', name: `user${n}`, id: `AKIA${n}`, keySlot: 1 },
    summary: `Access key AKIA${n} of user user${n} <never> used`,
    rationale: 'Remove credentials that are not used.',
    details: {},
    remediation: [],
  };
}

function action(f: Finding, status: ActionRecord['status']): ActionRecord {
  return {
    id: `${f.id}-1`,
    findingId: f.id,
    kind: 'disable-access-key',
    params: { userName: f.target.name!, accessKeyId: f.target.id! },
    account: '111122223333',
    status,
    mode: 'approve',
    createdAt: SWEPT,
    changedBy: 'sweep',
    changedAt: SWEPT,
    version: 0,
  };
}

const buttons = (blocks: ReturnType<typeof hygieneDigest>['blocks']): SlackButton[] =>
  blocks.flatMap((block) => (block.type === 'actions' ? [...block.elements] : []));

describe('hygieneDigest', () => {
  it('groups by severity, most severe first, escapes text, and gives pending items Approve/Dismiss with the action id', () => {
    const low = finding(1, 'low');
    const critical = finding(2, 'critical');
    const message = hygieneDigest({
      account: '111122223333',
      accountAlias: 'prod',
      sweptAt: SWEPT,
      items: [
        { finding: low, actions: [] },
        { finding: critical, actions: [action(critical, 'pending-approval')] },
      ],
      dryRun: false,
    });
    expect(slackLimitProblems(message)).toEqual([]);
    expect(message.text).toBe(
      'IAM hygiene 2025-06-03 for prod (111122223333): 2 new hygiene findings: 1 critical, 1 low',
    );
    const sections = message.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    expect(sections[0]).toContain('*CRITICAL* (1)');
    expect(sections.at(-1)).toContain('*LOW* (1)');
    expect(sections.join('\n')).toContain('&lt;never&gt;');
    expect(buttons(message.blocks).map((b) => [b.action_id, b.value, b.text.text])).toEqual([
      ['approve:1', 'f002-1', 'Disable key AKIA2'],
      ['dismiss:1', 'f002-1', 'Dismiss'],
    ]);
  });

  it('dry run: planned actions get no buttons, only "would ask to approve"', () => {
    const f = finding(1, 'medium');
    const message = hygieneDigest({
      account: '1',
      sweptAt: SWEPT,
      items: [{ finding: f, actions: [action(f, 'planned')] }],
      dryRun: true,
    });
    expect(buttons(message.blocks)).toEqual([]);
    expect(JSON.stringify(message)).toContain('would ask to approve the key deactivation');
  });

  it('stays within 50 blocks with 200 items: the most severe keep buttons, the rest are listed with "… N more"', () => {
    const severities: Severity[] = ['critical', 'high', 'medium', 'low'];
    const items = Array.from({ length: 200 }, (_, n) => {
      const f = finding(n, severities[n % 4]!);
      return { finding: f, actions: [action(f, 'pending-approval')] };
    });
    const message = hygieneDigest({ account: '1', sweptAt: SWEPT, items, dryRun: false });
    expect(slackLimitProblems(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const withButtons = new Set(buttons(message.blocks).map((b) => b.value));
    // 50 blocks − header, summary, 3 reserved, 1 severity heading = 44 → 22 items with a section and buttons,
    // all of them critical (the most severe come first).
    expect(withButtons.size).toBe(22);
    const criticalIds = new Set(items.filter((i) => i.finding.severity === 'critical').map((i) => i.actions[0]!.id));
    expect([...withButtons].every((id) => criticalIds.has(id))).toBe(true);
    const text = JSON.stringify(message);
    expect(text).toMatch(/\*\d+ more without buttons here\*/);
    expect(text).toMatch(/… \d+ more/);
  });

  it('the weekly summary lists still-open items with the date first reported', () => {
    const message = hygieneDigest({
      account: '1',
      sweptAt: SWEPT,
      items: [],
      stillOpen: [{ finding: finding(7, 'high'), firstReportedAt: '2025-05-01T07:00:00.000Z' }],
      dryRun: false,
    });
    expect(message.text).toContain('No new hygiene findings');
    expect(JSON.stringify(message)).toContain('Weekly summary: 1 still open');
    expect(JSON.stringify(message)).toContain('(since 2025-05-01)');
  });
});
