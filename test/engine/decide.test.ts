import { describe, expect, it } from 'vitest';
import { remediationStep as step } from '../helpers/remediation-step.js';
import { applyBlastRadius, decide, type DecisionInput } from '../../shared/engine/decide.js';
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

  const detachStep = (principalName: string, account = '123456789012') =>
    step(
      'detach-policy',
      { principalKind: 'user', principalName, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      'approve',
      `Detach AdministratorAccess from user ${principalName}`,
      account,
    );
  const iacFinding = (iac: 'cloudformation' | 'configured-deploy-role') =>
    sampleFinding({ actor: { ...sampleFinding().actor, iac } });

  it('iac.handling none treats an IaC change like any other: full severity, automatic, no note', () => {
    for (const iac of ['cloudformation', 'configured-deploy-role'] as const) {
      const decision = decide({
        finding: iacFinding(iac),
        ruleDefaultMode: 'auto',
        config: config({ dryRun: false, iac: { handling: 'none' } }),
        autoActionsThisHour: 0,
      });
      expect(decision, iac).toEqual({
        notify: true,
        severity: 'critical',
        mode: 'auto',
        dryRun: false,
        steps: [detachStep('bob')],
        notes: [],
      });
    }
  });

  it('downgrades IaC changes one level with the reason people read, and never raises alert or approve', () => {
    const cloudformation = decide({
      finding: iacFinding('cloudformation'),
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false }),
      autoActionsThisHour: 0,
    });
    expect(cloudformation).toEqual({
      notify: true,
      severity: 'high',
      mode: 'approve',
      dryRun: false,
      steps: [detachStep('bob')],
      notes: ['Made through CloudFormation (invokedBy, set by AWS): severity lowered, never automatic'],
    });
    const deployRole = decide({
      finding: { ...iacFinding('configured-deploy-role'), severity: 'medium' },
      ruleDefaultMode: 'approve',
      config: config({ dryRun: false }),
      autoActionsThisHour: 0,
    });
    expect(deployRole).toMatchObject({ severity: 'low', mode: 'approve' });
    expect(deployRole.notes).toEqual(['Made by a configured deploy role: severity lowered, never automatic']);
    const alertRule = decide({
      finding: iacFinding('cloudformation'),
      ruleDefaultMode: 'alert',
      config: config({ dryRun: false }),
      autoActionsThisHour: 0,
    });
    expect(alertRule).toMatchObject({ mode: 'alert', steps: [], severity: 'high' });
    // The lowest severity stays the lowest.
    const info = decide({
      finding: { ...iacFinding('cloudformation'), severity: 'info' },
      ruleDefaultMode: 'approve',
      config: config({ dryRun: false }),
      autoActionsThisHour: 0,
    });
    expect(info.severity).toBe('info');
  });

  it('an ignored IaC change is not notified, with the reason recorded', () => {
    expect(
      decide({
        finding: iacFinding('configured-deploy-role'),
        ruleDefaultMode: 'auto',
        config: config({ dryRun: false, iac: { handling: 'ignore' } }),
        autoActionsThisHour: 0,
      }),
    ).toEqual({
      notify: false,
      severity: 'critical',
      mode: 'off',
      dryRun: false,
      steps: [],
      notes: ['IaC change ignored'],
    });
    // Without an AWS-set IaC marker, `ignore` changes nothing.
    expect(
      decide({
        finding: sampleFinding({ actor: { ...sampleFinding().actor, userAgentTool: 'terraform' } }),
        ruleDefaultMode: 'auto',
        config: config({ dryRun: false, iac: { handling: 'ignore' } }),
        autoActionsThisHour: 0,
      }),
    ).toMatchObject({ notify: true, mode: 'auto', severity: 'critical', notes: [] });
  });

  it('a rule configured to alert stays alert, whatever its catalogue default', () => {
    for (const ruleDefaultMode of ['auto', 'approve', 'off'] as const) {
      const decision = decide({
        finding: sampleFinding(),
        ruleDefaultMode,
        config: config({ dryRun: false, rules: { 'iam.admin-policy-attached': 'alert' } }),
        autoActionsThisHour: 0,
      });
      expect(decision, ruleDefaultMode).toEqual({
        notify: true,
        severity: 'critical',
        mode: 'alert',
        dryRun: false,
        steps: [],
        notes: [],
      });
    }
    const alertDefault = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'alert',
      config: config({ dryRun: true }),
      autoActionsThisHour: 0,
    });
    // Alert mode plans nothing, so a dry run has nothing to say either.
    expect(alertDefault).toMatchObject({ mode: 'alert', steps: [], notes: [], dryRun: true });
  });

  it('a rule that is off is not notified and keeps its configured severity', () => {
    expect(
      decide({
        finding: sampleFinding(),
        ruleDefaultMode: 'auto',
        config: config({ dryRun: false, rules: { 'iam.admin-policy-attached': { mode: 'off', severity: 'low' } } }),
        autoActionsThisHour: 0,
      }),
    ).toEqual({ notify: false, severity: 'low', mode: 'off', dryRun: false, steps: [], notes: [] });
  });

  it('a finding with nothing to remediate is alert-only, even under auto', () => {
    const decision = decide({
      finding: sampleFinding({ remediation: [] }),
      ruleDefaultMode: 'auto',
      config: config({ dryRun: true }),
      autoActionsThisHour: 0,
    });
    expect(decision).toEqual({ notify: true, severity: 'critical', mode: 'alert', dryRun: true, steps: [], notes: [] });
  });

  it('protects break-glass principals in the aws-us-gov partition', () => {
    const gov = 'arn:aws-us-gov:iam::123456789012';
    const finding = sampleFinding({
      actor: { ...sampleFinding().actor, arn: `${gov}:user/mallory` },
      target: { type: 'user', name: 'bob', arn: `${gov}:user/bob` },
    });
    const decision = decide({
      finding,
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false, breakGlass: [`${gov}:user/bob`] }),
      autoActionsThisHour: 0,
    });
    expect(decision).toMatchObject({ mode: 'alert', steps: [] });
    expect(decision.notes).toEqual([
      'bob is a break-glass principal; Warden never touches it: not detach AdministratorAccess from user bob',
    ]);
    // A commercial-partition pattern does not name the GovCloud user.
    const commercialPattern = decide({
      finding,
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false, breakGlass: ['arn:aws:iam::123456789012:user/bob'] }),
      autoActionsThisHour: 0,
    });
    expect(commercialPattern).toMatchObject({ mode: 'auto', steps: [detachStep('bob')], notes: [] });
  });

  it('an allow-listed target (not actor) is left alone, saying why', () => {
    const decision = decide({
      finding: sampleFinding({
        remediation: [detachStep('bob'), detachStep('carol')],
      }),
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false, allowList: { principals: ['arn:aws:iam::123456789012:user/bob'] } }),
      autoActionsThisHour: 0,
    });
    expect(decision).toMatchObject({ mode: 'auto', steps: [detachStep('carol')] });
    expect(decision.notes).toEqual(['bob is allow-listed: not detach AdministratorAccess from user bob']);
    const only = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'approve',
      config: config({ dryRun: false, allowList: { principals: ['arn:aws:iam::*:user/b*'] } }),
      autoActionsThisHour: 0,
    });
    expect(only).toMatchObject({ mode: 'alert', steps: [] });
    expect(only.notes).toEqual(['bob is allow-listed: not detach AdministratorAccess from user bob']);
  });

  it('says which account or actor is allow-listed', () => {
    const account = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false, allowList: { accounts: ['123456789012'] } }),
      autoActionsThisHour: 0,
    });
    expect(account).toMatchObject({ notify: true, mode: 'alert', steps: [] });
    expect(account.notes).toEqual(['Account 123456789012 is allow-listed: Warden only alerts']);
    const actor = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false, allowList: { principals: ['arn:aws:iam::123456789012:user/mallory'] } }),
      autoActionsThisHour: 0,
    });
    expect(actor.notes).toEqual(['arn:aws:iam::123456789012:user/mallory is allow-listed: Warden only alerts']);
    const otherAccount = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false, allowList: { accounts: ['999999999999'] } }),
      autoActionsThisHour: 0,
    });
    expect(otherAccount).toMatchObject({ mode: 'auto', steps: [detachStep('bob')], notes: [] });
  });

  it('dry run says exactly what would have been done or asked, every step', () => {
    const finding = sampleFinding({ remediation: [detachStep('bob'), detachStep('carol')] });
    const auto = decide({ finding, ruleDefaultMode: 'auto', config: config({ dryRun: true }), autoActionsThisHour: 0 });
    expect(auto).toMatchObject({ mode: 'auto', dryRun: true, steps: [detachStep('bob'), detachStep('carol')] });
    expect(auto.notes).toEqual([
      'Dry run: would have done: Detach AdministratorAccess from user bob; Detach AdministratorAccess from user carol',
    ]);
    const approve = decide({
      finding,
      ruleDefaultMode: 'approve',
      config: config({ dryRun: true }),
      autoActionsThisHour: 0,
    });
    expect(approve.notes).toEqual([
      'Dry run: would have asked to approve: Detach AdministratorAccess from user bob; Detach AdministratorAccess from user carol',
    ]);
    const live = decide({
      finding,
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false }),
      autoActionsThisHour: 0,
    });
    expect(live).toMatchObject({ dryRun: false, notes: [] });
  });

  it('names the limit and the account when the blast-radius guard asks instead of acting', () => {
    const cfg = config({ dryRun: false, rateLimit: { autoActionsPerAccountPerHour: 1 } });
    expect(
      decide({ finding: sampleFinding(), ruleDefaultMode: 'auto', config: cfg, autoActionsThisHour: 5 }).notes,
    ).toEqual([
      'Blast-radius limit reached (1 automatic actions in account 123456789012 this hour): asking for approval instead',
    ]);
    const noAccount = decide({
      finding: sampleFinding({ account: undefined, remediation: [detachStep('bob')] }),
      ruleDefaultMode: 'auto',
      config: cfg,
      autoActionsThisHour: 1,
    });
    expect(noAccount).toMatchObject({ mode: 'approve' });
    expect(noAccount.notes).toEqual([
      'Blast-radius limit reached (1 automatic actions in account unknown this hour): asking for approval instead',
    ]);
    // The guard only ever holds back automatic actions; an approve rule is unchanged.
    expect(
      decide({ finding: sampleFinding(), ruleDefaultMode: 'approve', config: cfg, autoActionsThisHour: 5 }),
    ).toMatchObject({ mode: 'approve', notes: [] });
  });

  it('an actor without an ARN is read as the aws partition: break-glass still protects the target', () => {
    const decision = decide({
      finding: sampleFinding({ actor: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' } }),
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false, breakGlass: ['arn:aws:iam::123456789012:user/bob'] }),
      autoActionsThisHour: 0,
    });
    expect(decision).toMatchObject({ mode: 'alert', steps: [] });
    expect(decision.notes).toEqual([
      'bob is a break-glass principal; Warden never touches it: not detach AdministratorAccess from user bob',
    ]);
  });

  it('keeps steps that change no principal (a trail), whatever the break-glass list says', () => {
    const startLogging = step(
      'start-logging',
      { trailName: 'org-trail' },
      'approve',
      'Start logging org-trail',
      '123456789012',
    );
    const decision = decide({
      finding: sampleFinding({ remediation: [startLogging] }),
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false, breakGlass: ['*'], allowList: { principals: ['*'] } }),
      autoActionsThisHour: 0,
    });
    // The actor pattern `*` allow-lists the caller: Warden only alerts.
    expect(decision.notes).toEqual(['arn:aws:iam::123456789012:user/mallory is allow-listed: Warden only alerts']);
    const kept = decide({
      finding: sampleFinding({ remediation: [startLogging] }),
      ruleDefaultMode: 'auto',
      config: config({ dryRun: false, breakGlass: ['*'] }),
      autoActionsThisHour: 0,
    });
    expect(kept).toMatchObject({ mode: 'auto', steps: [startLogging], notes: [] });
  });

  it('an alert-only decision in an allow-listed account carries no allow-list note', () => {
    const decision = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'alert',
      config: config({ dryRun: false, allowList: { accounts: ['123456789012'] } }),
      autoActionsThisHour: 0,
    });
    expect(decision).toEqual({
      notify: true,
      severity: 'critical',
      mode: 'alert',
      dryRun: false,
      steps: [],
      notes: [],
    });
  });
});

describe('applyBlastRadius', () => {
  const detach = (principalName: string) =>
    step(
      'detach-policy',
      { principalKind: 'user', principalName, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      'approve',
      `Detach AdministratorAccess from user ${principalName}`,
      '123456789012',
    );
  // Two steps, one on a break-glass user: the guardrail's note comes before the guard's.
  const finding = sampleFinding({ remediation: [detach('bob'), detach('breakglass')] });
  const guarded = (dryRun: boolean) =>
    config({
      dryRun,
      rules: { 'iam.admin-policy-attached': 'auto' },
      rateLimit: { autoActionsPerAccountPerHour: 2 },
      breakGlass: ['arn:aws:iam::123456789012:user/breakglass'],
    });
  const decided = (dryRun: boolean, autoActionsThisHour = 0) =>
    decide({ finding, ruleDefaultMode: 'approve', config: guarded(dryRun), autoActionsThisHour });

  it('past the limit, asks for approval with the guardrail notes first and the limit named last', () => {
    const limited = applyBlastRadius(decided(false), 2, guarded(false), finding.account);

    expect(limited).toEqual({
      notify: true,
      severity: 'critical',
      mode: 'approve',
      dryRun: false,
      steps: [detach('bob')],
      notes: [
        'breakglass is a break-glass principal; Warden never touches it: not detach AdministratorAccess from user breakglass',
        'Blast-radius limit reached (2 automatic actions in account 123456789012 this hour): asking for approval instead',
      ],
    });
  });

  it('in a dry run, writes the dry-run note again for approval, still last', () => {
    expect(decided(true).notes.at(-1)).toBe('Dry run: would have done: Detach AdministratorAccess from user bob');

    const limited = applyBlastRadius(decided(true), 5, guarded(true), undefined);

    expect(limited.mode).toBe('approve');
    expect(limited.notes).toEqual([
      'breakglass is a break-glass principal; Warden never touches it: not detach AdministratorAccess from user breakglass',
      'Blast-radius limit reached (2 automatic actions in account unknown this hour): asking for approval instead',
      'Dry run: would have asked to approve: Detach AdministratorAccess from user bob',
    ]);
    // With no guardrail note, the dry run's is the only one before the guard's.
    const plain = decide({
      finding: sampleFinding(),
      ruleDefaultMode: 'auto',
      config: guarded(true),
      autoActionsThisHour: 2,
    });
    expect(plain.notes).toEqual([
      'Blast-radius limit reached (2 automatic actions in account 123456789012 this hour): asking for approval instead',
      'Dry run: would have asked to approve: Detach AdministratorAccess from user bob',
    ]);
  });

  it('leaves a decision under the limit, or one that does not act on its own, as it is', () => {
    const under = decided(false);
    expect(applyBlastRadius(under, 1, guarded(false), finding.account)).toBe(under);
    const approve = decide({
      finding,
      ruleDefaultMode: 'approve',
      config: config({ dryRun: false }),
      autoActionsThisHour: 0,
    });
    expect(applyBlastRadius(approve, 9, guarded(false), finding.account)).toBe(approve);
    const alert = decide({
      finding: sampleFinding({ remediation: [] }),
      ruleDefaultMode: 'auto',
      config: guarded(false),
      autoActionsThisHour: 0,
    });
    expect(applyBlastRadius(alert, 9, guarded(false), finding.account)).toBe(alert);
  });

  it('after a decision made with no count, gives what deciding with the count gives', () => {
    let compared = 0;
    for (const dryRun of [false, true])
      for (const limit of [1, 3])
        for (const mode of ['auto', 'approve', 'alert'] as const)
          for (const account of ['123456789012', undefined])
            for (const remediation of [[detach('bob')], [detach('bob'), detach('breakglass')]])
              for (const autoActionsThisHour of [0, 1, 2, 3, 4]) {
                const input: DecisionInput = {
                  finding: sampleFinding({ account, remediation }),
                  ruleDefaultMode: mode,
                  config: config({
                    dryRun,
                    rateLimit: { autoActionsPerAccountPerHour: limit },
                    breakGlass: ['arn:aws:iam::*:user/breakglass'],
                  }),
                  autoActionsThisHour,
                };
                const once = decide({ ...input, autoActionsThisHour: 0 });
                expect(applyBlastRadius(once, autoActionsThisHour, input.config, account)).toEqual(decide(input));
                compared += 1;
              }
    expect(compared).toBe(240);
  });
});
