import { describe, expect, it } from 'vitest';
import type { RemediationStep } from '../../shared/model/action-kinds.js';
import { createDetector } from '../../shared/engine/detect.js';
import type { Finding } from '../../shared/model/finding.js';
import { slackActionIdOf } from '../../shared/slack/action-ids.js';
import { cloudTrailConsoleUrl } from '../../shared/slack/cloudtrail-console-url.js';
import { findingMessage, type FindingMessageInput } from '../../shared/slack/finding-message.js';
import { messageText } from '../../shared/slack/message-text.js';
import { slackLimitProblems } from '../../shared/slack/slack-limit-check.js';
import { SLACK_LIMITS } from '../../shared/slack/slack-limits.js';
import type { SlackButton, SlackMessage } from '../../shared/slack/slack-message.js';
import type { ActionStatus } from '../../shared/model/action-status.js';
import type { ActionRecord } from '../../shared/model/records.js';
import { CATALOGUE } from '../../shared/rules/catalogue.js';
import { fixtureRuleIds, ruleFixtures, type RuleFixture } from '../helpers/rule-fixtures.js';
import { sampleFinding } from '../helpers/sample-finding.js';

const BLOCK_TYPES = new Set(['header', 'section', 'context', 'actions', 'divider']);

function actionOf(
  finding: Finding,
  step: RemediationStep,
  index: number,
  status: ActionStatus,
  mode: 'approve' | 'auto' = 'approve',
): ActionRecord {
  return {
    id: `${finding.id}-${index + 1}`,
    findingId: finding.id,
    kind: step.kind,
    params: step.params,
    account: step.account ?? finding.account ?? '',
    status,
    mode,
    createdAt: '2026-11-01T10:00:05.000Z',
    approvalExpiresAt: '2026-11-02T10:00:05.000Z',
    changedBy: status === 'pending-approval' || status === 'planned' ? 'warden' : 'U0APPROVER',
    changedAt: '2026-11-01T10:05:00.000Z',
    version: 1,
    ...(status === 'applied' || status === 'undone' ? { result: 'Done as described' } : {}),
    ...(status === 'failed' || status === 'cannot-undo' ? { reason: 'the target changed since' } : {}),
  } as ActionRecord;
}

function buttonsOf(message: SlackMessage): SlackButton[] {
  return message.blocks.flatMap((block) => (block.type === 'actions' ? [...block.elements] : []));
}

/** Per action (1-based position), the Warden ids of its buttons. */
function buttonIdsByAction(message: SlackMessage): Map<number, string[]> {
  const byAction = new Map<number, string[]>();
  for (const button of buttonsOf(message)) {
    const n = Number(button.action_id.split(':')[1]);
    byAction.set(n, [...(byAction.get(n) ?? []), slackActionIdOf(button.action_id) ?? '?']);
  }
  return byAction;
}

/** Values under secret-looking keys anywhere in the raw event (none may reach Slack). */
function secretValues(value: unknown, key = ''): string[] {
  if (typeof value === 'string')
    // `secretId`, `secretArn`, `secretName` name a secret (Warden shows which one was touched); the value keys do not.
    return /secret|password|token|credential/i.test(key) && !/(Id|Arn|Name)$/.test(key) && value.length > 3
      ? [value]
      : [];
  if (Array.isArray(value)) return value.flatMap((item) => secretValues(item, key));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => secretValues(v, k));
  }
  return [];
}

function structureProblems(message: SlackMessage): string[] {
  const problems = slackLimitProblems(message);
  for (const block of message.blocks) if (!BLOCK_TYPES.has(block.type)) problems.push(`block type ${block.type}`);
  if (message.blocks[0]?.type !== 'header') problems.push('first block is not the header');
  return problems;
}

const EXPECTED_BUTTONS: Partial<Record<ActionStatus, string[]>> = {
  'pending-approval': ['approve', 'dismiss', 'snooze'],
  applied: ['undo'],
};
const NO_BUTTON_STATUSES: ActionStatus[] = ['undone', 'dismissed', 'failed', 'expired', 'cannot-undo', 'approved'];

const matchFixtures: RuleFixture[] = fixtureRuleIds().flatMap((ruleId) =>
  ruleFixtures(ruleId).filter((fixture) => fixture.expect === 'match'),
);

describe('findingMessage on every rule fixture', () => {
  it('has match fixtures for every rule of the catalogue', () => {
    expect([...new Set(matchFixtures.map((f) => f.ruleId))].sort()).toEqual(CATALOGUE.map((rule) => rule.id).sort());
  });

  for (const fixture of matchFixtures) {
    describe(`${fixture.ruleId}/${fixture.file}`, () => {
      const findings = createDetector({ settings: fixture.settings, context: fixture.context })
        .detect(fixture.event)
        .findings.filter((finding) => finding.ruleId === fixture.ruleId);
      const secrets = secretValues(fixture.event);

      function assertValid(message: SlackMessage) {
        expect(structureProblems(message)).toEqual([]);
        const json = JSON.stringify(message);
        for (const secret of secrets) expect(json).not.toContain(secret);
        expect(json).not.toMatch(/xox[bap]-/);
      }

      it('yields a finding', () => expect(findings.length).toBeGreaterThan(0));

      it('replay: valid, plan shown as "would …", no buttons', () => {
        for (const finding of findings) {
          const message = findingMessage({ finding, actions: [] });
          assertValid(message);
          expect(buttonsOf(message)).toEqual([]);
          const text = messageText(message);
          expect(text).toContain(finding.title);
          expect(text).toContain(finding.eventId);
          if (finding.remediation.length > 0) expect(text).toContain('Would ');
        }
      });

      it('alert only: one Expected change button carrying the finding id', () => {
        for (const finding of findings) {
          const message = findingMessage({
            finding,
            decision: { mode: 'alert', dryRun: false, notes: [], severity: finding.severity },
            actions: [],
          });
          assertValid(message);
          expect(buttonsOf(message).map((b) => [slackActionIdOf(b.action_id), b.value])).toEqual([
            ['expected-change', finding.id],
          ]);
        }
      });

      it('each action state: valid, and the buttons the state allows', () => {
        for (const finding of findings) {
          if (finding.remediation.length === 0) continue;
          const states: ActionStatus[] = ['pending-approval', 'applied', ...NO_BUTTON_STATUSES];
          for (const status of states) {
            const actions = finding.remediation.map((step, i) => actionOf(finding, step, i, status));
            const message = findingMessage({
              finding,
              decision: { mode: 'approve', dryRun: false, notes: [], severity: finding.severity },
              actions,
            });
            assertValid(message);
            const expected = EXPECTED_BUTTONS[status] ?? [];
            const byAction = buttonIdsByAction(message);
            for (const [i] of actions.entries()) expect(byAction.get(i + 1) ?? []).toEqual(expected);
            for (const button of buttonsOf(message)) {
              expect(actions.map((a) => a.id)).toContain(button.value);
              const id = slackActionIdOf(button.action_id);
              expect(button.confirm !== undefined, `${status} ${button.action_id} confirm`).toBe(
                id === 'approve' || id === 'undo',
              );
            }
          }
          const dry = finding.remediation.map((step, i) => actionOf(finding, step, i, 'planned', 'auto'));
          const dryMessage = findingMessage({
            finding,
            decision: {
              mode: 'auto',
              dryRun: true,
              notes: ['Dry run: would have done: x'],
              severity: finding.severity,
            },
            actions: dry,
          });
          assertValid(dryMessage);
          expect(buttonsOf(dryMessage)).toEqual([]);
          expect(messageText(dryMessage)).toContain('would have applied it automatically');
        }
      });
    });
  }
});

describe('findingMessage details', () => {
  const pending = (finding: Finding) => [actionOf(finding, finding.remediation[0]!, 0, 'pending-approval')];

  it('mentions the on-call group on critical findings only', () => {
    const critical = sampleFinding();
    const input = (finding: Finding): FindingMessageInput => ({
      finding,
      actions: [],
      onCallUserGroup: 'S0ONCALL',
    });
    const message = findingMessage(input(critical));
    expect(message.text.startsWith('<!subteam^S0ONCALL> ')).toBe(true);
    expect(JSON.stringify(message.blocks[1])).toContain('<!subteam^S0ONCALL>');
    expect(JSON.stringify(findingMessage(input(sampleFinding({ severity: 'high' }))))).not.toContain('subteam');
    // A config override lowering the severity drops the mention too.
    const lowered = findingMessage({
      ...input(critical),
      decision: { mode: 'alert', dryRun: false, notes: [], severity: 'high' },
    });
    expect(JSON.stringify(lowered)).not.toContain('subteam');
  });

  it('shows what a user agent claims, as a claim, with no IaC marker', () => {
    const finding = sampleFinding({
      actor: { ...sampleFinding().actor, userAgent: 'Terraform/1.9.0', userAgentTool: 'terraform' },
    });
    const text = messageText(findingMessage({ finding, actions: [] }));
    expect(text).toContain('user agent claims Terraform (not verified; nothing lowered)');
    expect(text).not.toContain('infrastructure as code');
  });

  it('shows actor, target, account alias, region, IaC marker, notes and the CloudTrail link', () => {
    const finding = sampleFinding({
      actor: { ...sampleFinding().actor, sessionName: 'mallory-session', iac: 'cloudformation', mfa: true },
      details: { notes: ['trusts account 999999999999'] },
    });
    const text = messageText(
      findingMessage({
        finding,
        decision: {
          mode: 'approve',
          dryRun: false,
          notes: ['Made through CloudFormation: severity lowered'],
          severity: 'high',
        },
        actions: pending(finding),
        accountAlias: 'prod-main',
      }),
    );
    for (const expected of [
      'arn:aws:iam::123456789012:user/mallory',
      'session mallory-session',
      'MFA: yes',
      'IP 203.0.113.9',
      'aws-cli/2.15.0',
      'infrastructure as code (CloudFormation)',
      'user bob',
      '123456789012 (prod-main)',
      'us-east-1',
      '2026-11-01T10:00:00.000Z',
      'Made through CloudFormation: severity lowered',
      'trusts account 999999999999',
      'Least privilege',
      'Detach AdministratorAccess from user bob',
      'Waiting for approval',
      `https://us-east-1.console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events/${finding.eventId}`,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('links the console of the right partition', () => {
    expect(cloudTrailConsoleUrl('us-gov-west-1', 'e-1')).toBe(
      'https://us-gov-west-1.console.amazonaws-us-gov.com/cloudtrail/home?region=us-gov-west-1#/events/e-1',
    );
    expect(cloudTrailConsoleUrl('cn-north-1', 'e-1')).toBe(
      'https://cn-north-1.console.amazonaws.cn/cloudtrail/home?region=cn-north-1#/events/e-1',
    );
    expect(cloudTrailConsoleUrl('us-east-1', 'e 1', 'arn:aws-us-gov:iam::1:user/x')).toContain(
      'us-east-1.console.amazonaws-us-gov.com/cloudtrail/home?region=us-east-1#/events/e%201',
    );
  });

  it('cuts a long policy diff with "… N more" and stays within limits', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `+ iam:Action${i} on arn:aws:s3:::bucket-${i}/*`);
    const message = findingMessage({ finding: sampleFinding({ details: { policyDiff: lines } }), actions: [] });
    expect(slackLimitProblems(message)).toEqual([]);
    const diff = message.blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('*Policy change*'));
    const text = diff?.type === 'section' ? diff.text!.text : '';
    const shown = text.split('\n').filter((line) => line.includes('iam:Action')).length;
    expect(shown).toBeGreaterThan(10);
    expect(text).toContain(`… ${400 - shown} more`);
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  });

  it('escapes mrkdwn control characters so a summary cannot mention or link', () => {
    const message = findingMessage({
      finding: sampleFinding({ summary: 'user <!channel> & <https://evil.example|click>' }),
      actions: [],
    });
    const json = JSON.stringify(message);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
  });

  it('keeps many actions within 50 blocks with unique action ids', () => {
    const finding = sampleFinding();
    const step = finding.remediation[0]!;
    const actions = Array.from({ length: 30 }, (_, i) => ({
      ...actionOf(finding, step, i, 'pending-approval'),
    }));
    const message = findingMessage({ finding, actions });
    expect(slackLimitProblems(message)).toEqual([]);
    expect(messageText(message)).toContain('… 20 more actions');
  });

  it('truncates an over-long title in the header and fallback text', () => {
    const message = findingMessage({ finding: sampleFinding({ title: 'T'.repeat(500) }), actions: [] });
    expect(slackLimitProblems(message)).toEqual([]);
  });

  it('shows who acted and the result on final states', () => {
    const finding = sampleFinding();
    const undone = messageText(
      findingMessage({ finding, actions: [actionOf(finding, finding.remediation[0]!, 0, 'undone')] }),
    );
    expect(undone).toContain('Undone by @U0APPROVER');
    const failed = messageText(
      findingMessage({ finding, actions: [actionOf(finding, finding.remediation[0]!, 0, 'cannot-undo')] }),
    );
    expect(failed).toContain('Cannot undo (@U0APPROVER');
    expect(failed).toContain('the target changed since');
  });
});

describe('conditions of the statements a finding rests on', () => {
  it('are shown in plain words with the condition as written, and say they do not lower the finding', () => {
    const finding = sampleFinding({
      details: {
        conditions: [
          { effect: 'Allow', statementIndex: 0, operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] },
          {
            effect: 'Allow',
            statementIndex: 0,
            operator: 'IpAddress',
            key: 'aws:SourceIp',
            values: ['203.0.113.0/24'],
          },
          {
            effect: 'Deny',
            statementIndex: 1,
            policy: 'inline policy guard',
            operator: 'StringNotEquals',
            key: 'aws:PrincipalOrgID',
            values: ['o-a1b2c3d4e5'],
          },
        ],
      },
    });

    const message = findingMessage({ finding, actions: [] });
    const text = messageText(message);

    expect(text).toContain('Conditions* (shown for context; they do not lower the finding)');
    expect(text).toContain(
      'Allow in statement 0 applies only when the caller signed in with MFA (Bool aws:MultiFactorAuthPresent = true)',
    );
    expect(text).toContain(
      'Allow in statement 0 applies only when the request comes from source IP 203.0.113.0/24 ' +
        '(IpAddress aws:SourceIp = 203.0.113.0/24)',
    );
    expect(text).toContain(
      'Deny in inline policy guard, statement 1 applies only when the caller is not in organisation o-a1b2c3d4e5',
    );
    expect(message.blocks[0]).toMatchObject({ text: { text: expect.stringContaining('CRITICAL') } });
    expect(slackLimitProblems(message)).toEqual([]);
  });

  it('add no block when the finding has none', () => {
    const text = messageText(findingMessage({ finding: sampleFinding(), actions: [] }));

    expect(text).not.toContain('Conditions');
  });
});
