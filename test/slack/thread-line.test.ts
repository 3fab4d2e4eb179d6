import { describe, expect, it } from 'vitest';
import { SlackActionId } from '../../shared/slack/action-ids.js';
import { plainFromMrkdwn } from '../../shared/slack/message-text.js';
import { actionThreadLine, clickThreadLine } from '../../shared/slack/thread-line.js';
import type { ActionRecord } from '../../shared/model/records.js';
import { sampleFinding } from '../helpers/sample-finding.js';

const finding = sampleFinding();
const step = finding.remediation[0]!;
const action = (status: ActionRecord['status'], changedBy: string): ActionRecord =>
  ({
    id: `${finding.id}-1`,
    findingId: finding.id,
    kind: step.kind,
    params: step.params,
    account: '123456789012',
    status,
    mode: 'approve',
    createdAt: '2026-11-01T10:00:05.000Z',
    changedBy,
    changedAt: '2026-11-01T10:07:00.000Z',
    version: 2,
  }) as ActionRecord;

describe('thread lines', () => {
  it('says who, what, when and the result of a completed action', () => {
    const line = actionThreadLine({
      finding,
      action: action('applied', 'U0APPROVER'),
      operation: 'apply',
      requestedBy: 'U0APPROVER',
      outcome: 'Detached AdministratorAccess from user bob',
    });
    expect(plainFromMrkdwn(line)).toBe(
      ':white_check_mark: Detach AdministratorAccess from user bob — requested by @U0APPROVER, 2026-11-01T10:07:00.000Z: *applied*. Detached AdministratorAccess from user bob',
    );
  });

  it('names an undo and an automatic request, and escapes the outcome', () => {
    const line = actionThreadLine({
      finding,
      action: action('cannot-undo', 'auto'),
      operation: 'undo',
      requestedBy: 'auto',
      outcome: 'Cannot undo: <!here> changed since',
    });
    expect(line).toContain(
      ':warning: Undo of Detach AdministratorAccess from user bob — requested by Warden (automatic)',
    );
    expect(line).toContain('&lt;!here&gt;');
    expect(line).not.toContain('<!here>');
  });

  it('records a click: who clicked what on which change, when, and what came of it', () => {
    const line = clickThreadLine({
      userId: 'U0ALICE',
      action: SlackActionId.Approve,
      subject: 'Detach AdministratorAccess from user bob',
      at: new Date('2026-11-01T10:06:00.000Z'),
      result: 'already approved by <@U0BOB>',
    });
    expect(plainFromMrkdwn(line)).toBe(
      '@U0ALICE clicked *Approve* on Detach AdministratorAccess from user bob, 2026-11-01T10:06:00.000Z: already approved by <@U0BOB>',
    );
    expect(line).toContain('&lt;@U0BOB&gt;');
  });
});
