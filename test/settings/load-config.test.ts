import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/errors/warden-error.js';
import { defaultConfig, detectionSettingsOf } from '../../shared/settings/load-config.js';
import { parseConfig } from '../../shared/settings/parse-config.js';

const RULES = [
  { id: 'iam.user-created', hasRemediation: false },
  { id: 'iam.admin-policy-attached', hasRemediation: true },
];

function errorOf(text: string): string {
  try {
    parseConfig(text, RULES);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('warden.config.yml', () => {
  it('defaults to the safe first-deploy posture', () => {
    const config = defaultConfig();
    expect(config.dryRun).toBe(true);
    expect(config.approvalExpiryHours).toBe(24);
    expect(config.rateLimit.autoActionsPerAccountPerHour).toBe(10);
    expect(config.approvers.default).toEqual({ users: [], userGroups: [] });
    expect(config.passwordBaseline.minimumPasswordLength).toBe(14);
    expect(Object.isFrozen(config.passwordBaseline)).toBe(true);
  });

  it('an empty file means the defaults', () => {
    expect(parseConfig('', RULES)).toEqual(defaultConfig());
  });

  it('reads a tuned configuration', () => {
    const config = parseConfig(
      [
        'dryRun: false',
        'rules:',
        '  iam.admin-policy-attached: auto',
        '  iam.user-created: { mode: alert, severity: low }',
        'breakGlass: ["arn:aws:iam::*:user/break-glass-*"]',
        'knownAccounts: ["111122223333"]',
        'organizationId: o-abcdef1234',
        'iac: { deployRoles: ["arn:aws:iam::111122223333:role/ci/terraform-deploy"] }',
      ].join('\n'),
      RULES,
    );
    expect(config.dryRun).toBe(false);
    expect(config.rules['iam.admin-policy-attached']).toBe('auto');
    expect(config.rules['iam.user-created']).toEqual({ mode: 'alert', severity: 'low' });
    expect(detectionSettingsOf(config)).toMatchObject({
      organizationId: 'o-abcdef1234',
      knownAccounts: ['111122223333'],
      deployRoles: ['arn:aws:iam::111122223333:role/ci/terraform-deploy'],
      warden: {},
    });
  });

  it("counts the configured member accounts and the hub as known accounts (the organisation's, from the config)", () => {
    const config = parseConfig(
      [
        'knownAccounts: ["111122223333"]',
        'memberAccounts: ["444455556666", "111122223333"]',
        'hub: { accountId: "777788889999" }',
      ].join('\n'),
      RULES,
    );
    expect(detectionSettingsOf(config).knownAccounts).toEqual(['111122223333', '444455556666', '777788889999']);
  });

  it.each([
    ['dryRun: maybe', /dryRun: /],
    ['slack:\n  chanels: {}', /slack\.chanels: unknown key/],
    ['knownAccounts: ["123"]', /knownAccounts\.0: must be a 12-digit AWS account id/],
    ['rules:\n  iam.nope: off', /rules\.iam\.nope: unknown rule id/],
    ['rules:\n  iam.user-created: auto', /rules\.iam\.user-created: mode "auto" needs a remediation/],
    ['approvalExpiryHours: 0', /approvalExpiryHours: /],
    ['a: [', /invalid YAML/],
    ['dryRun: true\ndryRun: false', /invalid YAML/],
    ['iac: { deployRoles: ["arn:aws:iam::*:role/terraform-*"] }', /iac\.deployRoles\.0: must be the exact ARN/],
    ['iac: { deployRoles: ["terraform-deploy"] }', /iac\.deployRoles\.0: must be the exact ARN/],
    ['hub: { accountId: "12" }', /hub\.accountId: must be a 12-digit/],
    ['memberAccounts: ["abc"]', /memberAccounts\.0: must be a 12-digit/],
  ])('names the bad key: %j', (text, message) => {
    expect(errorOf(text)).toMatch(message);
  });
});

describe('cloudtrail.trailBuckets', () => {
  it('maps the exact bucket names into detection settings, none by default', () => {
    const config = parseConfig('cloudtrail: { trailBuckets: ["org-cloudtrail-logs", "audit.logs-eu"] }', RULES);
    expect(detectionSettingsOf(config).trailBuckets).toEqual(['org-cloudtrail-logs', 'audit.logs-eu']);
    expect(detectionSettingsOf(defaultConfig()).trailBuckets).toEqual([]);
  });

  it.each([
    ['cloudtrail: { trailBuckets: ["logs-*"] }', /cloudtrail\.trailBuckets\.0: must be an exact S3 bucket name/],
    ['cloudtrail: { trailBuckets: ["Org-Logs"] }', /cloudtrail\.trailBuckets\.0: must be an exact S3 bucket name/],
    ['cloudtrail: { trailBucket: [] }', /cloudtrail\.trailBucket: unknown key/],
  ])('names the bad key: %j', (text, message) => {
    expect(errorOf(text)).toMatch(message);
  });
});
