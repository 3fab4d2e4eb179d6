import { hasConditions, statementMatchesAction } from './effective-permissions.js';
import { ensurePolicyDocument } from './parse-policy-document.js';
import type { Condition, PolicyDocument, PolicyStatement, Principal } from '../model/policy-document.js';

export interface TrustSettings {
  /**
   * Our organisation's id (config or Organizations). Undefined: it cannot be
   * known, so an organisation condition is reported as `organisation-unverified`.
   */
  organizationId?: string;
  /** Known accounts, the organisation's member accounts included when known. */
  knownAccounts: readonly string[];
  ownAccount?: string;
}

export interface TrustIssue {
  kind: 'public' | 'outside-account' | 'federated-without-conditions' | 'organisation-unverified';
  principal: string;
  statementIndex: number;
  description: string;
}

/**
 * Who a trust (or resource) policy lets in. Only Allow statements are read;
 * Deny statements are ignored for issues.
 *
 * - `public`: Principal `*` / `{AWS: "*"}` (or Allow with NotPrincipal) unless a
 *   condition pins the caller to an organisation or account with a positive
 *   operator: aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount,
 *   aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths, or aws:SourceArn /
 *   aws:PrincipalArn values naming a concrete account. `sts:ExternalId` alone
 *   does not: it is a shared string, not an identity check, so `*` with only
 *   an external id is still public. A pin to an organisation other than
 *   `settings.organizationId`, or to accounts outside own/known, is reported as
 *   `outside-account` instead. aws:PrincipalOrgPaths / aws:SourceOrgPaths
 *   pin the organisation named by their first segment (`o-…/r-…/ou-…`).
 * - `organisation-unverified`: `*` pinned only to an organisation while
 *   `settings.organizationId` is unknown — it may be anyone's organisation, so
 *   the pin is neither accepted nor treated as proof of an outsider.
 * - `outside-account`: an AWS principal (ARN or bare 12-digit id) whose account
 *   is neither `ownAccount` nor in `knownAccounts`, unless an
 *   aws:PrincipalOrgID condition equals `settings.organizationId`.
 *   Principals without a readable account (unique ids of deleted roles) are skipped.
 * - `federated-without-conditions`: a Federated principal allowed
 *   sts:AssumeRoleWithWebIdentity / AssumeRoleWithSAML with no Condition. For
 *   GitHub Actions OIDC a condition without a specific `sub` restriction is
 *   also reported (any repository could assume the role), and for Cognito
 *   identity pools one without an `aud` restriction.
 * Service principals are fine.
 */
export function analyseTrustPolicy(input: PolicyDocument, settings: TrustSettings): TrustIssue[] {
  const doc = ensurePolicyDocument(input);
  const issues: TrustIssue[] = [];
  const trusted = new Set([...(settings.knownAccounts ?? []), ...(settings.ownAccount ? [settings.ownAccount] : [])]);
  doc.Statement.forEach((statement, statementIndex) => {
    if (statement.Effect !== 'Allow') return;
    const report = (kind: TrustIssue['kind'], principal: string, description: string) =>
      issues.push({ kind, principal, statementIndex, description });
    if (statement.NotPrincipal !== undefined) {
      report(
        'public',
        `NotPrincipal ${principalText(statement.NotPrincipal)}`,
        'trusts everyone except the listed principals',
      );
    }
    if (statement.Principal === undefined) return;
    const pins = pinsOf(statement.Condition);
    // Values of one condition key are alternatives: every named organisation must be ours.
    const orgTrusted =
      settings.organizationId !== undefined &&
      pins.orgIds.length > 0 &&
      pins.orgIds.every((id) => id.trim().toLowerCase() === settings.organizationId?.toLowerCase());
    for (const principal of awsPrincipals(statement.Principal)) {
      if (principal.trim() === '*') {
        checkPublic(pins, orgTrusted, trusted, settings, report);
        continue;
      }
      const account = accountOf(principal);
      if (account === undefined || trusted.has(account) || orgTrusted) continue;
      report('outside-account', principal, `trusts account ${account}, which is not a known account`);
    }
    if (statement.Principal !== '*') {
      for (const provider of statement.Principal['Federated'] ?? []) {
        const problem = federatedProblem(statement, provider);
        if (problem !== undefined) report('federated-without-conditions', provider, problem);
      }
    }
  });
  return issues;
}

type Report = (kind: TrustIssue['kind'], principal: string, description: string) => void;

function checkPublic(
  pins: Pins,
  orgTrusted: boolean,
  trusted: ReadonlySet<string>,
  settings: TrustSettings,
  report: Report,
): void {
  if (orgTrusted) return;
  if (pins.orgIds.length === 0 && pins.accounts.length === 0) {
    const externalOnly = pins.externalId ? ' (an external id is not an identity check)' : '';
    report('public', '*', `trusts any AWS principal${externalOnly}`);
    return;
  }
  const foreignAccounts = pins.accounts.filter((account) => !trusted.has(account));
  const orgs = [...new Set(pins.orgIds)].join(', ');
  if (foreignAccounts.length > 0) {
    report(
      'outside-account',
      '*',
      `trusts any principal in account ${foreignAccounts.join(', ')}, not a known account`,
    );
  } else if (pins.accounts.length > 0) {
    // Every pinned account is ours or known: the organisation pin only narrows further.
    return;
  } else if (settings.organizationId !== undefined) {
    report(
      'outside-account',
      '*',
      `trusts any principal in organisation ${orgs}, not ours (${settings.organizationId})`,
    );
  } else {
    report(
      'organisation-unverified',
      '*',
      `trusts any principal in organisation ${orgs}; organisation not verified (our organisation id is not known)`,
    );
  }
}

function awsPrincipals(principal: Principal): readonly string[] {
  if (principal === '*') return ['*'];
  return principal['AWS'] ?? [];
}

function principalText(principal: Principal): string {
  if (principal === '*') return '*';
  return Object.values(principal).flat().join(', ');
}

/** Account id from `arn:<partition>:iam::<account>:…`, `arn:…:sts::<account>:…` or a bare 12-digit id. */
export function accountOf(principal: string): string | undefined {
  const trimmed = principal.trim();
  if (/^\d{12}$/.test(trimmed)) return trimmed;
  const match = /^arn:[a-z-]+:(?:iam|sts)::(\d{12}):/.exec(trimmed);
  return match?.[1];
}

interface Pins {
  /** Organisation ids named by org-id conditions and by the first segment of org-path conditions. */
  readonly orgIds: readonly string[];
  readonly accounts: readonly string[];
  readonly externalId: boolean;
}

const ORG_ID_KEYS = new Set(['aws:principalorgid', 'aws:sourceorgid']);
const ORG_PATH_KEYS = new Set(['aws:principalorgpaths', 'aws:sourceorgpaths']);
const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:resourceaccount']);
const ARN_KEYS = new Set(['aws:sourcearn', 'aws:principalarn']);

/** Conditions that restrict who can call, read only from positive (non-negated) operators. */
function pinsOf(condition: Condition | undefined): Pins {
  const orgIds: string[] = [];
  const accounts: string[] = [];
  let externalId = false;
  for (const [operator, block] of Object.entries(condition ?? {})) {
    const op = operator.toLowerCase();
    if (op.includes('not') || op.includes('ifexists') || op === 'null' || op.startsWith('forallvalues')) continue;
    for (const [key, values] of Object.entries(block)) {
      const name = key.toLowerCase();
      const concrete = values.filter((value) => value.trim() !== '' && !/^[*?]+$/.test(value.trim()));
      if (concrete.length === 0) continue;
      if (ORG_ID_KEYS.has(name)) orgIds.push(...concrete);
      else if (ORG_PATH_KEYS.has(name)) {
        // `o-…/r-…/ou-…/`: only a concrete first segment names an organisation.
        for (const value of concrete) {
          const org = value.trim().split('/')[0] ?? '';
          if (/^o-[a-z0-9]+$/i.test(org)) orgIds.push(org);
        }
      } else if (ACCOUNT_KEYS.has(name)) {
        accounts.push(...concrete.map((value) => value.trim()).filter((value) => /^\d{12}$/.test(value)));
      } else if (ARN_KEYS.has(name)) {
        for (const value of concrete) {
          const account = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(value.trim())?.[1];
          if (account) accounts.push(account);
        }
      } else if (name === 'sts:externalid') externalId = true;
    }
  }
  return { orgIds, accounts, externalId };
}

const FEDERATED_ACTIONS = ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'];

function federatedProblem(statement: PolicyStatement, provider: string): string | undefined {
  const allowsFederation =
    (statement.Action === undefined && statement.NotAction === undefined) ||
    FEDERATED_ACTIONS.some((action) => statementMatchesAction(statement, action));
  if (!allowsFederation) return undefined;
  if (!hasConditions(statement)) return `lets any identity of ${provider} assume the role (no conditions)`;
  const lower = provider.toLowerCase();
  if (lower.includes('token.actions.githubusercontent.com')) {
    if (!restricts(statement.Condition, 'token.actions.githubusercontent.com:sub', /^repo:[^*?]+/)) {
      return `lets any GitHub repository assume the role (no specific "sub" condition)`;
    }
  } else if (lower.includes('cognito-identity.amazonaws.com')) {
    if (!restricts(statement.Condition, 'cognito-identity.amazonaws.com:aud', /\S/)) {
      return 'lets any Cognito identity pool assume the role (no "aud" condition)';
    }
  }
  return undefined;
}

/** A positive condition on `key` whose every value is specific (matches `specific`). */
function restricts(condition: Condition | undefined, key: string, specific: RegExp): boolean {
  for (const [operator, block] of Object.entries(condition ?? {})) {
    const op = operator.toLowerCase();
    if (op.includes('not') || op === 'null') continue;
    for (const [name, values] of Object.entries(block)) {
      if (name.toLowerCase() !== key) continue;
      if (values.length > 0 && values.every((value) => specific.test(value.trim()))) return true;
    }
  }
  return false;
}
