import { createHash } from 'node:crypto';
import { type RemediationStep, step } from '../actions/action-kinds.js';
import type { Finding, Target } from '../rules/finding.js';
import { disableKeySteps } from '../rules/support/created-access-key.js';
import type { Severity } from '../rules/severity.js';
import type { WardenConfig } from '../settings/warden-config.js';
import { type CredentialReport, type CredentialReportRow, dateOf, type ReportAccessKey } from './credential-report.js';
import { HYGIENE_CHECKS, type HygieneCheckId } from './hygiene-checks.js';

export type SweepSettings = WardenConfig['sweep'];

/** What the IAM API says about a user beyond the report (read live; unknown offline). */
export interface UserFacts {
  readonly accessKeys: readonly { readonly id: string; readonly createDate: Date; readonly status: string }[];
  /** Managed policy names attached to the user itself. */
  readonly attachedPolicies: readonly string[];
  /** Inline policy names of the user. */
  readonly inlinePolicies: readonly string[];
}

export interface RoleUsage {
  readonly roleName: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: Date;
  /** `RoleLastUsed.LastUsedDate` (GetRole); undefined when never used in the tracking period (400 days). */
  readonly lastUsed?: Date;
  readonly lastUsedRegion?: string;
}

export interface HygieneInput {
  readonly report: CredentialReport;
  /** Per user name; when absent, key ids are unknown and direct policies are not checked. */
  readonly users?: ReadonlyMap<string, UserFacts>;
  /** When present, unused roles are checked. */
  readonly roles?: readonly RoleUsage[];
  readonly settings: SweepSettings;
  readonly now: Date;
  /** IAM is global; findings carry the region the sweep ran in. */
  readonly region: string;
}

/** One reportable item: the finding, and what identifies it across days. */
export interface HygieneItem {
  readonly finding: Finding;
  /** Stable per (check, account, principal, key): the same item on every run. */
  readonly itemKey: string;
  /** Changes when the facts that matter change (a new key, a later use): then it is reported again. */
  readonly fingerprint: string;
}

const DAY_MS = 86_400_000;

function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Maps the report's key slots to key ids. The report gives no ids, only
 * `access_key_N_last_rotated`, which is the key's creation time (to the
 * second); ListAccessKeys gives ids with `CreateDate`. A slot takes the key
 * created in the same second; failing that (clock rounding), the keys sorted
 * by creation date fill the slots in order, oldest in slot 1.
 */
export function keyIdForSlot(key: ReportAccessKey, facts: UserFacts | undefined): string | undefined {
  const rotated = dateOf(key.lastRotated);
  if (!facts || !rotated) return undefined;
  const second = Math.floor(rotated.getTime() / 1000);
  const exact = facts.accessKeys.filter((k) => Math.floor(k.createDate.getTime() / 1000) === second);
  if (exact.length === 1) return exact[0]!.id;
  const candidates =
    exact.length > 1 ? exact : [...facts.accessKeys].sort((a, b) => a.createDate.getTime() - b.createDate.getTime());
  return candidates[key.slot - 1]?.id;
}

/**
 * Evaluates the sweep's checks over one credential report (plus live facts
 * when available). Pure: the same input gives the same items, in report order.
 */
export function evaluateHygiene(input: HygieneInput): HygieneItem[] {
  const items: HygieneItem[] = [];
  for (const row of input.report.rows) {
    if (row.isRoot) items.push(...rootItems(row, input));
    else items.push(...userItems(row, input));
  }
  for (const role of input.roles ?? []) {
    const item = roleItem(role, input);
    if (item) items.push(item);
  }
  return items;
}

interface ItemSpec {
  readonly check: HygieneCheckId;
  readonly account?: string;
  readonly principal: string;
  /** Distinguishes several items of one check and principal (the key). */
  readonly part?: string;
  readonly fingerprint: string;
  readonly target: Target;
  readonly summary: string;
  readonly severity?: Severity;
  readonly notes?: readonly string[];
  readonly remediation?: readonly RemediationStep[];
}

function item(spec: ItemSpec, input: HygieneInput): HygieneItem {
  const check = HYGIENE_CHECKS[spec.check];
  const itemKey = [spec.check, spec.account ?? '', spec.principal, spec.part ?? ''].join('|');
  const id = createHash('sha256').update(`${itemKey}\n${spec.fingerprint}`).digest('hex').slice(0, 16);
  const generated = input.report.generatedAt ?? input.now;
  const finding: Finding = {
    id,
    ruleId: check.id,
    title: check.title,
    severity: spec.severity ?? check.severity,
    eventId: `credential-report:${generated.toISOString()}`,
    eventName: 'GetCredentialReport',
    eventSource: 'iam.amazonaws.com',
    eventTime: input.now.toISOString(),
    ...(spec.account ? { account: spec.account } : {}),
    region: input.region,
    actor: { type: 'WardenSweep', name: 'IAM credential report' },
    target: spec.target,
    summary: spec.summary,
    rationale: check.rationale,
    details: spec.notes ? { notes: spec.notes } : {},
    remediation: spec.remediation ?? [],
  };
  return { finding, itemKey, fingerprint: spec.fingerprint };
}

function latest(times: readonly (Date | undefined)[]): Date | undefined {
  return times.reduce<Date | undefined>((best, t) => (t && (!best || t > best) ? t : best), undefined);
}

function rootItems(row: CredentialReportRow, input: HygieneInput): HygieneItem[] {
  const items: HygieneItem[] = [];
  const root = { account: row.account, principal: 'root' };
  const rootTarget = { type: 'user', name: row.user, arn: row.arn } as const;
  const manual = 'Root credentials are changed only by root in the console, or centrally with sts:AssumeRoot.';
  for (const key of row.accessKeys) {
    const created = dateOf(key.lastRotated);
    if (!created) continue;
    items.push(
      item(
        {
          ...root,
          check: 'hygiene.root-access-key-present',
          part: `key${key.slot}`,
          fingerprint: `${created.toISOString()}|${key.active ? 'active' : 'inactive'}`,
          target: { type: 'access-key', name: row.user, arn: row.arn, keySlot: key.slot },
          severity: key.active ? 'critical' : 'high',
          summary: `The root user has ${key.active ? 'an active' : 'an inactive'} access key (key ${key.slot}, created ${day(created)}${lastUsedText(key)})`,
          notes: [manual],
        },
        input,
      ),
    );
  }
  if (!row.mfaActive) {
    items.push(
      item(
        {
          ...root,
          check: 'hygiene.root-mfa-disabled',
          fingerprint: 'mfa-off',
          target: rootTarget,
          summary: 'The root user has no MFA device',
          notes: [manual],
        },
        input,
      ),
    );
  }
  const uses = [
    { how: 'password sign-in', at: dateOf(row.passwordLastUsed) },
    ...row.accessKeys.map((key) => ({ how: `access key ${key.slot}`, at: dateOf(key.lastUsed) })),
  ];
  const last = latest(uses.map((use) => use.at));
  if (last && daysBetween(last, input.now) < input.settings.rootRecentUseDays) {
    const how = uses.find((use) => use.at?.getTime() === last.getTime())!.how;
    items.push(
      item(
        {
          ...root,
          check: 'hygiene.root-recently-used',
          fingerprint: last.toISOString(),
          target: rootTarget,
          summary: `The root user was used on ${day(last)} (${how}), within the last ${input.settings.rootRecentUseDays} days`,
        },
        input,
      ),
    );
  }
  return items;
}

function lastUsedText(key: ReportAccessKey): string {
  const used = dateOf(key.lastUsed);
  return used ? `, last used ${day(used)}${key.lastUsedService ? ` on ${key.lastUsedService}` : ''}` : ', never used';
}

function userItems(row: CredentialReportRow, input: HygieneInput): HygieneItem[] {
  const { settings, now } = input;
  const items: HygieneItem[] = [];
  const user = { account: row.account, principal: `user/${row.user}` };
  const userTarget: Target = { type: 'user', name: row.user, arn: row.arn };
  const facts = input.users?.get(row.user);

  if (row.passwordEnabled && !row.mfaActive) {
    items.push(
      item(
        {
          ...user,
          check: 'hygiene.console-user-without-mfa',
          fingerprint: 'password-without-mfa',
          target: userTarget,
          summary: `User ${row.user} can sign in to the console with a password and has no MFA device`,
        },
        input,
      ),
    );
  }

  for (const key of row.accessKeys) {
    const created = dateOf(key.lastRotated);
    if (!key.active || !created) continue;
    const keyId = keyIdForSlot(key, facts);
    const age = daysBetween(created, now);
    const used = dateOf(key.lastUsed);
    const idleDays = used ? daysBetween(used, now) : age;
    const keyTarget: Target = {
      type: 'access-key',
      name: row.user,
      arn: row.arn,
      keySlot: key.slot,
      ...(keyId ? { id: keyId } : {}),
    };
    const keyLabel = keyId ? `${keyId} (key ${key.slot})` : String(key.slot);
    const remediation = disableKeySteps(keyTarget, 'approve', row.account);
    const notes = keyId ? undefined : ['The key id is not known offline (the report has slots, not ids).'];
    const part = `key@${created.toISOString()}`;
    if (idleDays >= settings.accessKeyUnusedDays) {
      // An unused key is the stronger finding: remove it; no separate "rotate it".
      items.push(
        item(
          {
            ...user,
            check: 'hygiene.access-key-unused',
            part,
            fingerprint: used ? used.toISOString() : 'never',
            target: keyTarget,
            summary: used
              ? `Access key ${keyLabel} of user ${row.user} was last used ${day(used)}, ${idleDays} days ago (limit ${settings.accessKeyUnusedDays})`
              : `Access key ${keyLabel} of user ${row.user} was created ${day(created)}, ${age} days ago, and never used`,
            remediation,
            ...(notes ? { notes } : {}),
          },
          input,
        ),
      );
    } else if (age > settings.accessKeyMaxAgeDays) {
      items.push(
        item(
          {
            ...user,
            check: 'hygiene.access-key-not-rotated',
            part,
            fingerprint: 'not-rotated',
            target: keyTarget,
            summary: `Access key ${keyLabel} of user ${row.user} is ${age} days old (rotate every ${settings.accessKeyMaxAgeDays})${lastUsedText(key)}`,
            remediation,
            ...(notes ? { notes } : {}),
          },
          input,
        ),
      );
    }
  }

  const hasCredentials = row.passwordEnabled === true || row.accessKeys.some((key) => key.active);
  const lastActivity = latest([dateOf(row.passwordLastUsed), ...row.accessKeys.map((key) => dateOf(key.lastUsed))]);
  const since = lastActivity ?? dateOf(row.userCreationTime);
  if (hasCredentials && since && daysBetween(since, now) >= settings.userInactiveDays) {
    items.push(
      item(
        {
          ...user,
          check: 'hygiene.user-inactive',
          fingerprint: lastActivity ? lastActivity.toISOString() : 'never',
          target: userTarget,
          summary: lastActivity
            ? `User ${row.user} last signed in or used a key on ${day(lastActivity)}, ${daysBetween(lastActivity, now)} days ago (limit ${settings.userInactiveDays})`
            : `User ${row.user} was created ${day(since)}, ${daysBetween(since, now)} days ago, and has never signed in or used a key`,
          remediation: [
            step(
              'quarantine-user',
              { userName: row.user },
              'approve',
              `Quarantine user ${row.user} (attach AWSDenyAll, deactivate active keys)`,
              row.account,
            ),
          ],
        },
        input,
      ),
    );
  }

  if (facts && facts.attachedPolicies.length + facts.inlinePolicies.length > 0) {
    const names = [
      ...[...facts.attachedPolicies].sort().map((name) => `managed ${name}`),
      ...[...facts.inlinePolicies].sort().map((name) => `inline ${name}`),
    ];
    items.push(
      item(
        {
          ...user,
          check: 'hygiene.user-with-direct-policies',
          fingerprint: names.join(','),
          target: userTarget,
          summary: `User ${row.user} has ${names.length} polic${names.length === 1 ? 'y' : 'ies'} attached directly: ${names.join(', ')}`,
        },
        input,
      ),
    );
  }
  return items;
}

function roleItem(role: RoleUsage, input: HygieneInput): HygieneItem | undefined {
  if (role.path.startsWith('/aws-service-role/')) return undefined;
  const since = role.lastUsed ?? role.createDate;
  const idle = daysBetween(since, input.now);
  if (idle < input.settings.roleUnusedDays) return undefined;
  const account = /^arn:[^:]+:iam::(\d{12}):/.exec(role.arn)?.[1];
  return item(
    {
      check: 'hygiene.role-unused',
      ...(account ? { account } : {}),
      principal: `role/${role.roleName}`,
      fingerprint: role.lastUsed ? role.lastUsed.toISOString() : 'never',
      target: { type: 'role', name: role.roleName, arn: role.arn },
      summary: role.lastUsed
        ? `Role ${role.roleName} was last used ${day(role.lastUsed)}, ${idle} days ago (limit ${input.settings.roleUnusedDays})`
        : `Role ${role.roleName} was created ${day(role.createDate)}, ${idle} days ago, and has no recorded use`,
    },
    input,
  );
}
