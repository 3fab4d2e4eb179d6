import { decodePolicyText } from '../policy/policy-text.js';
import { GetRoleCommand, type IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { parsePolicyDocument } from '../policy/parse-policy-document.js';
import { defineAction, defineActionSpec } from './action.js';
import * as v from 'valibot';
import { NAME } from './action-params.js';
import { type ActionFailure, failureFrom, isNoSuchEntity } from './action-failure.js';

/** What apply replaced (the trust policy it found) and what it put (the one before the event). JSON strings. */
export type RestoreTrustPolicyPrior = {
  readonly replacedDocument: string;
  readonly restoredDocument: string;
};

/** The role's trust policy now (GetRole returns it URL-encoded). */
async function currentTrust(iam: IAMClient, roleName: string): Promise<string> {
  const response = await iam.send(new GetRoleCommand({ RoleName: roleName }));
  return decodePolicyText(response.Role?.AssumeRolePolicyDocument ?? '');
}

/** Same document: compared after normalising (single values vs lists, whitespace, key case of principals). */
export function sameTrust(left: string, right: string): boolean {
  const a = parsePolicyDocument(left);
  const b = parsePolicyDocument(right);
  if (!a.ok || !b.ok) return left.trim() === right.trim();
  return JSON.stringify(a.document) === JSON.stringify(b.document);
}

function roleGone(roleName: string): ActionFailure {
  return { status: 'failed', reason: `role ${roleName} no longer exists`, retryable: false };
}

const params = v.object({
  roleName: NAME,
  /** The trust policy before the event (JSON), from the snapshot or context file. */
  previousDocument: NAME,
  /** The event's trust policy (JSON): apply acts only while the role still has it. */
  newDocument: NAME,
});

declare module '../model/action-kinds.js' {
  interface ActionParams {
    'restore-trust-policy': v.InferOutput<typeof params>;
  }
}

/**
 * Puts back the trust policy a role had before the event, known from the
 * document snapshot or context file at detection time. Apply acts only while
 * the role still has the event's document: a later change is someone's
 * decision, not the one Warden was asked to revert.
 */
export const restoreTrustPolicySpec = defineActionSpec({
  kind: 'restore-trust-policy',
  params,
  target: ({ roleName }) => ({ kind: 'role', name: roleName }),
  describe: ({ roleName }) => `Put the trust policy role ${roleName} had before this change back`,
  permissions: ['iam:GetRole', 'iam:UpdateAssumeRolePolicy'],
});

export const restoreTrustPolicy = /* @__PURE__ */ defineAction<'restore-trust-policy', RestoreTrustPolicyPrior>(
  restoreTrustPolicySpec,
  {
    async inspect({ roleName, previousDocument, newDocument }, { iam }) {
      let current: string;
      try {
        current = await currentTrust(iam, roleName);
      } catch (error) {
        if (isNoSuchEntity(error)) return roleGone(roleName);
        return failureFrom(error, `read role ${roleName}`);
      }
      const priorState = { replacedDocument: current, restoredDocument: previousDocument };
      if (sameTrust(current, previousDocument)) {
        return {
          status: 'already-applied',
          priorState,
          message: `Role ${roleName} already has its previous trust policy`,
        };
      }
      if (!sameTrust(current, newDocument)) {
        return {
          status: 'failed',
          reason: `the trust policy of role ${roleName} was changed again after the event; Warden will not overwrite it`,
          retryable: false,
        };
      }
      return { status: 'ready', priorState };
    },

    async change({ roleName }, priorState, { iam, logger }) {
      const { replacedDocument, restoredDocument } = priorState;
      try {
        const current = await currentTrust(iam, roleName);
        if (sameTrust(current, restoredDocument)) {
          // Already so (set meanwhile by someone else): Warden changed nothing, and Undo has nothing to put back.
          return {
            status: 'already-applied',
            priorState: { replacedDocument: current, restoredDocument },
            message: `Role ${roleName} already has its previous trust policy`,
          };
        }
        if (!sameTrust(current, replacedDocument)) {
          return {
            status: 'failed',
            reason: `the trust policy of role ${roleName} was changed after Warden read it; Warden will not overwrite it`,
            retryable: false,
          };
        }
        await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: restoredDocument }));
      } catch (error) {
        // GetRole and UpdateAssumeRolePolicy answer NoSuchEntity only for a missing role.
        if (isNoSuchEntity(error)) return roleGone(roleName);
        return failureFrom(error, `update the trust policy of role ${roleName}`);
      }
      logger.info('trust policy restored', { roleName });
      return { status: 'applied', priorState, message: `Put the previous trust policy back on role ${roleName}` };
    },

    async undo({ roleName }, { replacedDocument, restoredDocument }, { iam, logger }) {
      if (sameTrust(replacedDocument, restoredDocument)) {
        return { status: 'already-undone', message: `Warden did not change the trust policy of role ${roleName}` };
      }
      try {
        const current = await currentTrust(iam, roleName);
        if (sameTrust(current, replacedDocument)) {
          return { status: 'already-undone', message: `The trust policy of role ${roleName} is already as it was` };
        }
        if (!sameTrust(current, restoredDocument)) {
          return {
            status: 'cannot-undo',
            reason: `the trust policy of role ${roleName} was changed after Warden restored it`,
          };
        }
        await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: replacedDocument }));
        logger.info('trust policy put back', { roleName });
        return { status: 'undone', message: `Put the replaced trust policy back on role ${roleName}` };
      } catch (error) {
        if (isNoSuchEntity(error)) {
          return {
            status: 'cannot-undo',
            reason: `role ${roleName} was deleted after Warden restored its trust policy`,
          };
        }
        return failureFrom(error, `undo the trust policy restore on role ${roleName}`);
      }
    },
  },
);
