import { decodePolicyText, samePolicyText } from '../policy/policy-text.js';
import {
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { defineAction, defineActionSpec } from './action.js';
import * as v from 'valibot';
import { NAME } from './action-params.js';
import { type ActionFailure, failureFrom, isNoSuchEntity } from './action-failure.js';
import { principalExists } from './principal-exists.js';

export const DENY_ALL_POLICY_NAME = 'WardenQuarantineDenyAll';
export const REVOKE_SESSIONS_POLICY_NAME = 'WardenRevokeOlderSessions';

type QuarantinePolicyName = typeof DENY_ALL_POLICY_NAME | typeof REVOKE_SESSIONS_POLICY_NAME;

/** One inline policy Warden put: its previous document text (null = it did not exist) and the text Warden put. */
export interface PutInlinePolicy {
  readonly policyName: QuarantinePolicyName;
  readonly previousDocument: string | null;
  readonly document: string;
}

/** What apply did: exactly the inline policies it put, with what each replaced. */
export type QuarantineRolePrior = { readonly put: readonly PutInlinePolicy[] };

export function denyAllDocument(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'WardenQuarantineDenyAll', Effect: 'Deny', Action: '*', Resource: '*' }],
  });
}

/** Like the console's "Revoke active sessions": deny every session whose token was issued before `now`. */
export function revokeSessionsDocument(now: Date): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'WardenRevokeOlderSessions',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': now.toISOString() } },
      },
    ],
  });
}

/** The inline policy's document as IAM stores it (decoded), or null when there is none. */
async function inlineDocument(iam: IAMClient, roleName: string, policyName: string): Promise<string | null> {
  try {
    const response = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
    const text = response.PolicyDocument ?? '';
    return decodePolicyText(text);
  } catch (error) {
    if (isNoSuchEntity(error)) return null;
    throw error;
  }
}

function putInline(iam: IAMClient, roleName: string, policyName: string, document: string) {
  return iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document }));
}

const params = v.object({ roleName: NAME });

declare module '../model/action-kinds.js' {
  interface ActionParams {
    'quarantine-role': v.InferOutput<typeof params>;
  }
}

/**
 * Cuts a role off: an inline deny-all, plus a deny for every session issued
 * before now (so credentials already handed out stop working even if the
 * deny-all is later removed by someone else). Refuses service-linked roles.
 * Undo deletes exactly the inline policies Warden put (or puts back the
 * document a same-named policy had) while their content is still Warden's.
 */
export const quarantineRoleSpec = defineActionSpec({
  kind: 'quarantine-role',
  params,
  target: ({ roleName }) => ({ kind: 'role', name: roleName }),
  describe: ({ roleName }) =>
    `Quarantine role ${roleName}: deny all its permissions and revoke sessions issued before now`,
  permissions: ['iam:DeleteRolePolicy', 'iam:GetRole', 'iam:GetRolePolicy', 'iam:PutRolePolicy'],
});

export const quarantineRole = /* @__PURE__ */ defineAction<'quarantine-role', QuarantineRolePrior>(quarantineRoleSpec, {
  async inspect({ roleName }, { iam, clock }) {
    try {
      const role = await iam.send(new GetRoleCommand({ RoleName: roleName }));
      if (role.Role?.Path?.startsWith('/aws-service-role/')) {
        return {
          status: 'failed',
          reason: `role ${roleName} is service-linked; AWS manages it and Warden never quarantines it`,
          retryable: false,
        };
      }
      const existingDenyAll = await inlineDocument(iam, roleName, DENY_ALL_POLICY_NAME);
      if (existingDenyAll !== null && samePolicyText(existingDenyAll, denyAllDocument())) {
        // A deny-all on * already blocks every session; nothing Warden adds would change access.
        return {
          status: 'already-applied',
          priorState: { put: [] },
          message: `Role ${roleName} is already quarantined (${DENY_ALL_POLICY_NAME} in place)`,
        };
      }
      // The documents (with the revocation instant) are fixed here, so a rerun puts exactly the same ones.
      const put: PutInlinePolicy[] = [
        {
          policyName: REVOKE_SESSIONS_POLICY_NAME,
          previousDocument: await inlineDocument(iam, roleName, REVOKE_SESSIONS_POLICY_NAME),
          document: revokeSessionsDocument(clock()),
        },
        { policyName: DENY_ALL_POLICY_NAME, previousDocument: existingDenyAll, document: denyAllDocument() },
      ];
      return { status: 'ready', priorState: { put } };
    } catch (error) {
      if (isNoSuchEntity(error)) return roleGone(roleName);
      return failureFrom(error, `read role ${roleName}`);
    }
  },

  async change({ roleName }, priorState, { iam, logger }) {
    if (priorState.put.length === 0) {
      return { status: 'already-applied', priorState, message: `Role ${roleName} is already quarantined` };
    }
    const done: PutInlinePolicy[] = [];
    try {
      // PutRolePolicy replaces a same-named policy: putting the recorded documents again is safe.
      for (const entry of priorState.put) {
        await putInline(iam, roleName, entry.policyName, entry.document);
        done.push(entry);
      }
    } catch (error) {
      const rollback = await rollBack(iam, roleName, done);
      // PutRolePolicy answers NoSuchEntity only for a missing role.
      const failure = isNoSuchEntity(error) ? roleGone(roleName) : failureFrom(error, `quarantine role ${roleName}`);
      return rollback ? { ...failure, reason: `${failure.reason}; ${rollback}` } : failure;
    }
    logger.info('role quarantined', {
      roleName,
      replaced: priorState.put.filter((p) => p.previousDocument !== null).length,
    });
    return {
      status: 'applied',
      priorState,
      message: `Quarantined role ${roleName}: put inline policies ${DENY_ALL_POLICY_NAME} and ${REVOKE_SESSIONS_POLICY_NAME}`,
    };
  },

  async undo({ roleName }, { put }, { iam, logger }) {
    if (put.length === 0) {
      return { status: 'already-undone', message: `Warden changed nothing on role ${roleName}; nothing to undo` };
    }
    try {
      // GetRole first: GetRolePolicy answers NoSuchEntity for a missing role too, which would read as "removed".
      await iam.send(new GetRoleCommand({ RoleName: roleName }));
      const current = new Map<string, string | null>();
      for (const entry of put) current.set(entry.policyName, await inlineDocument(iam, roleName, entry.policyName));
      const changed = put.filter((entry) => {
        const now = current.get(entry.policyName) ?? null;
        return now !== null && !samePolicyText(now, entry.document) && !sameAsPrevious(now, entry);
      });
      if (changed.length > 0) {
        return {
          status: 'cannot-undo',
          reason: `inline policies changed since Warden put them on role ${roleName}: ${changed.map((c) => c.policyName).join(', ')}`,
        };
      }
      const done: string[] = [];
      for (const entry of put) {
        const now = current.get(entry.policyName) ?? null;
        if (now === null || !samePolicyText(now, entry.document)) continue; // already removed or put back
        if (entry.previousDocument === null) {
          if (await deleteInline(iam, roleName, entry.policyName)) done.push(`deleted ${entry.policyName}`);
        } else {
          await putInline(iam, roleName, entry.policyName, entry.previousDocument);
          done.push(`put back the previous ${entry.policyName}`);
        }
      }
      if (done.length === 0) {
        return { status: 'already-undone', message: `Role ${roleName} no longer has Warden's quarantine policies` };
      }
      logger.info('role quarantine undone', { roleName, changes: done.length });
      return { status: 'undone', message: `Lifted the quarantine of role ${roleName}: ${done.join('; ')}` };
    } catch (error) {
      if (isNoSuchEntity(error)) {
        return { status: 'cannot-undo', reason: `role ${roleName} was deleted after Warden quarantined it` };
      }
      return failureFrom(error, `lift the quarantine of role ${roleName}`);
    }
  },
});

function roleGone(roleName: string): ActionFailure {
  return { status: 'failed', reason: `role ${roleName} no longer exists`, retryable: false };
}

/**
 * Deletes an inline policy; false when it was deleted meanwhile (NoSuchEntity
 * while the role exists). A missing role's NoSuchEntity propagates: cannot undo.
 */
async function deleteInline(iam: IAMClient, roleName: string, policyName: string): Promise<boolean> {
  try {
    await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
    return true;
  } catch (error) {
    if (isNoSuchEntity(error) && (await principalExists(iam, 'role', roleName))) return false;
    throw error;
  }
}

function sameAsPrevious(now: string, entry: PutInlinePolicy): boolean {
  return entry.previousDocument !== null && samePolicyText(now, entry.previousDocument);
}

/** Best effort: reverse a half-done apply. Returns a note when something was or could not be put back. */
async function rollBack(
  iam: IAMClient,
  roleName: string,
  put: readonly PutInlinePolicy[],
): Promise<string | undefined> {
  if (put.length === 0) return undefined;
  const left: string[] = [];
  for (const entry of put) {
    try {
      if (entry.previousDocument === null) {
        await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: entry.policyName }));
      } else {
        await putInline(iam, roleName, entry.policyName, entry.previousDocument);
      }
    } catch {
      left.push(`${entry.policyName} stays in place`);
    }
  }
  return left.length > 0 ? `could not roll back: ${left.join(', ')}` : 'rolled back the partial quarantine';
}
