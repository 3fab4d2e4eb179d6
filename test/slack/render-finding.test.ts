import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { WardenConfigSchema } from '../../shared/settings/warden-config.js';
import { findingMessage } from '../../shared/slack/finding-message.js';
import { findingRenderSettings, renderFinding, withChangedAction } from '../../shared/slack/render-finding.js';
import type { ActionRecord } from '../../shared/model/records.js';
import { sampleFinding } from '../helpers/sample-finding.js';

const CONFIG = v.parse(WardenConfigSchema, { slack: { onCallUserGroup: 'S0ONCALL' } });
const ALIASES: Readonly<Record<string, string>> = { '123456789012': 'prod-main' };
const settings = findingRenderSettings(CONFIG, (account) => ALIASES[account]);

function action(id: string, status: ActionRecord['status']): ActionRecord {
  const finding = sampleFinding();
  const step = finding.remediation[0]!;
  return {
    id,
    findingId: finding.id,
    kind: step.kind,
    params: step.params,
    account: '123456789012',
    status,
    mode: 'approve',
    createdAt: '2026-11-01T10:00:05.000Z',
    changedBy: 'warden',
    changedAt: '2026-11-01T10:00:05.000Z',
    version: 0,
  } as ActionRecord;
}

const text = (blocks: readonly unknown[]) => JSON.stringify(blocks);

describe('renderFinding', () => {
  it('mentions the on-call group and shows the account alias on every rendering', () => {
    const finding = sampleFinding();
    const pending = action(`${finding.id}-1`, 'pending-approval');
    const first = renderFinding(finding, [pending], settings, {
      mode: 'approve',
      dryRun: false,
      notes: [],
      severity: 'critical',
    });
    const later = renderFinding(finding, [{ ...pending, status: 'applied' }], settings);

    for (const message of [first, later]) {
      expect(message.text).toMatch(/^<!subteam\^S0ONCALL> \[CRITICAL\]/);
      expect(text(message.blocks)).toContain('123456789012 (prod-main)');
    }
    expect(text(first.blocks)).toContain('"action_id":"approve:1"');
    expect(text(later.blocks)).toContain('"action_id":"undo:1"');
    expect(text(later.blocks)).not.toContain('"action_id":"approve:1"');
  });

  it('is findingMessage with the stored severity and no notes when detect’s decision is not at hand', () => {
    const finding = sampleFinding();
    const applied = action(`${finding.id}-1`, 'applied');
    expect(renderFinding(finding, [applied], {})).toEqual(
      findingMessage({
        finding,
        decision: { mode: 'approve', dryRun: false, notes: [], severity: finding.severity },
        actions: [applied],
      }),
    );
  });

  it('leaves the alias out for an account without one, and the mention out without an on-call group', () => {
    const finding = { ...sampleFinding(), account: '210987654321' };
    const message = renderFinding(
      finding,
      [],
      findingRenderSettings(v.parse(WardenConfigSchema, {}), () => undefined),
    );
    expect(message.text).not.toContain('<!subteam^');
    expect(text(message.blocks)).toContain('210987654321');
    expect(text(message.blocks)).not.toContain('prod-main');
  });
});

describe('withChangedAction', () => {
  it('replaces the changed action where it is listed, and appends it when the list lags behind', () => {
    const one = action('f-1', 'pending-approval');
    const two = action('f-2', 'pending-approval');
    const changed = { ...two, status: 'approved' as const };
    expect(withChangedAction([one, two], changed).map((a) => [a.id, a.status])).toEqual([
      ['f-1', 'pending-approval'],
      ['f-2', 'approved'],
    ]);
    expect(withChangedAction([one], changed).map((a) => [a.id, a.status])).toEqual([
      ['f-1', 'pending-approval'],
      ['f-2', 'approved'],
    ]);
  });
});
