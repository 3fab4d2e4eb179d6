/**
 * What the hygiene checks share: their inputs (the credential report plus live
 * facts), the item a check reports, and how an item becomes a finding.
 */
import { createHash } from 'node:crypto';
import type { Mode, PlannedStep } from '../model/action-kinds.js';
import { inMode } from '../actions/step.js';
import type { Finding, Target } from '../model/finding.js';
import type { Severity } from '../model/severity.js';
import type { WardenConfig } from '../settings/warden-config.js';
import { type CredentialReport, type CredentialReportRow, dateOf, type ReportAccessKey } from './credential-report.js';
import type { HygieneCheckId } from './hygiene-check-ids.js';

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

/** What a check says about one subject; `item()` makes it a finding. */
export interface ItemSpec {
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
  /** `step(kind, params)`; the item gives them the check's `defaultMode` and the account. */
  readonly remediation?: readonly PlannedStep[];
}

/** A check's description: ids are stable forever, like rule ids. */
export interface HygieneCheck {
  readonly id: HygieneCheckId;
  readonly title: string;
  readonly severity: Severity;
  /** The best practice behind it, as shown in the digest. */
  readonly rationale: string;
  /** `approve` when the check plans a remediation, `alert` otherwise. */
  readonly defaultMode: Extract<Mode, 'approve' | 'alert'>;
}

/** One active access key of an IAM user, as the key checks see it. */
export interface UserKey {
  readonly row: CredentialReportRow;
  readonly key: ReportAccessKey;
  readonly created: Date;
  readonly keyId?: string;
  readonly ageDays: number;
  readonly used?: Date;
  /** Days since last use, or since creation when never used. */
  readonly idleDays: number;
  readonly target: Target;
  /** `AKIA… (key 1)` when the id is known, else the slot. */
  readonly label: string;
  /** Distinguishes the key's items across days. */
  readonly part: string;
  readonly notes?: readonly string[];
}

/** The four kinds of subject a check looks at, each with its own evaluation. */
export type HygieneCheckDefinition = HygieneCheck &
  (
    | { readonly subject: 'root'; evaluate(row: CredentialReportRow, input: HygieneInput): ItemSpec[] }
    | {
        readonly subject: 'user';
        evaluate(row: CredentialReportRow, input: HygieneInput, facts: UserFacts | undefined): ItemSpec[];
      }
    | { readonly subject: 'user-key'; evaluate(key: UserKey, input: HygieneInput): ItemSpec[] }
    | { readonly subject: 'role'; evaluate(role: RoleUsage, input: HygieneInput): ItemSpec[] }
  );

const DAY_MS = 86_400_000;

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function latest(times: readonly (Date | undefined)[]): Date | undefined {
  return times.reduce<Date | undefined>((best, t) => (t && (!best || t > best) ? t : best), undefined);
}

export function lastUsedText(key: ReportAccessKey): string {
  const used = dateOf(key.lastUsed);
  return used ? `, last used ${day(used)}${key.lastUsedService ? ` on ${key.lastUsedService}` : ''}` : ', never used';
}

/** The principal and account of a user's items. */
export function userSubject(row: CredentialReportRow): { account?: string; principal: string } {
  return { account: row.account, principal: `user/${row.user}` };
}

export const ROOT_MANUAL_NOTE =
  'Root credentials are changed only by root in the console, or centrally with sts:AssumeRoot.';

export function item(check: HygieneCheck, spec: ItemSpec, input: HygieneInput): HygieneItem {
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
    remediation: inMode(spec.remediation ?? [], check.defaultMode, spec.account),
  };
  return { finding, itemKey, fingerprint: spec.fingerprint };
}
