import { describe, expect, it } from 'vitest';
import { step } from '../../shared/actions/action-kinds.js';
import { decide } from '../../shared/engine/decide.js';
import { defaultConfig, validateConfig } from '../../shared/settings/load-config.js';
import type { WardenConfigInput } from '../../shared/settings/warden-config.js';
import { sampleFinding } from '../helpers/sample-finding.js';

const RULES = [
  { id: 'iam.admin-policy-attached', hasRemediation: true },
  { id: 'iam.user-created', hasRemediation: false },
];
const config = (input: WardenConfigInput) => validateConfig(input, RULES);

describe('decide', () => {
  it('uses the catalogue default, in dry-run by default', () => {
    const decision = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'approve',
      config: defaultConfig(),
      autoActionsThisHour: 0,
    });
    expect(decision).toMatchObject({ notify: true, mode: 'approve', dryRun: true, severity: 'critical' });
    expect(decision.steps.map((s) => s.kind)).toEqual(['detach-policy']);
    expect(decision.notes).toEqual(['Dry run: would have asked to approve: Detach AdministratorAccess from user bob']);
  });

  it('follows the configured mode and severity per rule', () => {
    const off = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'approve',
      config: config({ rules: { 'iam.admin-policy-attached': 'off' } }),
      autoActionsThisHour: 0,
    });
    expect(off.notify).toBe(false);
    const auto = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'approve',
      config: config({ dryRun: false, rules: { 'iam.admin-policy-attached': { mode: 'auto', severity: 'high' } } }),
      autoActionsThisHour: 0,
    });
    expect(auto).toMatchObject({ mode: 'auto', severity: 'high', dryRun: false, notes: [] });
  });

  it('treats a remediation that is off by default as alert-only', () => {
    const decision = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'off',
      config: defaultConfig(),
      autoActionsThisHour: 0,
    });
    expect(decision).toMatchObject({ notify: true, mode: 'alert', steps: [] });
  });

  it('never touches break-glass principals, service-linked roles or Warden roles', () => {
    const breakGlass = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false, breakGlass: ['arn:aws:iam::*:user/bob'] }),
      autoActionsThisHour: 0,
    });
    expect(breakGlass.mode).toBe('alert');
    expect(breakGlass.steps).toEqual([]);
    expect(breakGlass.notes[0]).toMatch(/bob is a break-glass principal/);

    const hub = config({ dryRun: false, hub: { accountId: '123456789012', stage: 'prod' } });
    const quarantine = (roleName: string, account: string) =>
      decide({
        finding: sampleFinding({
          account,
          remediation: [step('quarantine-role', { roleName }, 'approve', `Quarantine role ${roleName}`, account)],
        }),
        ruleDefaultMode: 'auto',
        config: hub,
        autoActionsThisHour: 0,
      });
    for (const [roleName, account, why] of [
      ['AWSServiceRoleForSupport', '123456789012', /service-linked role/],
      ['warden-prod-execute', '123456789012', /one of Warden's own roles/],
      ['WardenRemediation', '444455556666', /Warden's member-account role/],
      ['wardenreader', '444455556666', /Warden's member-account role/],
      ['WardenRemediation', '123456789012', /Warden's member-account role/],
    ] as const) {
      const decision = quarantine(roleName, account);
      expect(decision.steps).toEqual([]);
      expect(decision.mode).toBe('alert');
      expect(decision.notes.join(' ')).toMatch(why);
    }
  });

  it('protects Warden roles by exact name and account only: lookalikes stay remediable', () => {
    const hub = config({ dryRun: false, hub: { accountId: '123456789012', stage: 'prod' } });
    for (const [roleName, account] of [
      ['warden-backdoor', '123456789012'], // Warden-like name, not one of the four function roles
      ['warden-prod-execute-2', '123456789012'],
      ['warden-dev-execute', '123456789012'], // another stage's name is not this deployment's role
      ['warden-prod-execute', '444455556666'], // the hub role's name outside the hub
    ] as const) {
      const decision = decide({
        finding: sampleFinding({
          account,
          remediation: [step('quarantine-role', { roleName }, 'approve', `Quarantine role ${roleName}`, account)],
        }),
        ruleDefaultMode: 'auto',
        config: hub,
        autoActionsThisHour: 0,
      });
      expect(
        decision.steps.map((s) => s.kind),
        `${roleName} in ${account}`,
      ).toEqual(['quarantine-role']);
      expect(decision.mode).toBe('auto');
    }
  });

  it('only alerts for allow-listed accounts and actors', () => {
    const account = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'auto',
      config: config({ allowList: { accounts: ['123456789012'] } }),
      autoActionsThisHour: 0,
    });
    expect(account).toMatchObject({ mode: 'alert', steps: [] });
    const actor = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'auto',
      config: config({ allowList: { principals: ['arn:aws:iam::123456789012:user/mall*'] } }),
      autoActionsThisHour: 0,
    });
    expect(actor).toMatchObject({ mode: 'alert', steps: [] });
  });

  it('downgrades IaC changes and never acts on them automatically', () => {
    const finding = sampleFinding({ actor: { ...sampleFinding().actor, iac: 'cloudformation' } });
    const decision = decide({
      finding,
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false }),
      autoActionsThisHour: 0,
    });
    expect(decision).toMatchObject({ severity: 'high', mode: 'approve' });
    const ignored = decide({
      finding,
      ruleDefaultMode: 'auto',
      config: config({ iac: { handling: 'ignore' } }),
      autoActionsThisHour: 0,
    });
    expect(ignored.notify).toBe(false);
  });

  it('switches to approval beyond the blast-radius limit', () => {
    const cfg = config({ dryRun: false, rateLimit: { autoActionsPerAccountPerHour: 3 } });
    expect(
      decide({ finding: sampleFinding(), ruleDefaultMode: 'auto', config: cfg, autoActionsThisHour: 2 }).mode,
    ).toBe('auto');
    const limited = decide({ finding: sampleFinding(), ruleDefaultMode: 'auto', config: cfg, autoActionsThisHour: 3 });
    expect(limited.mode).toBe('approve');
    expect(limited.notes[0]).toMatch(/Blast-radius limit reached \(3 automatic actions in account 123456789012/);
  });
});
