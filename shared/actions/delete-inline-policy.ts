import { decodePolicyText, samePolicyText } from '../policy/policy-text.js';
import {
  DeleteGroupPolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  GetGroupPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListGroupPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { defineAction, defineActionSpec, type NoChange } from './action.js';
import * as v from 'valibot';
import { NAME, PRINCIPAL_KIND } from './action-params.js';
import { failureFrom, isNoSuchEntity } from './action-failure.js';
import { principalGoneFailure } from './principal-exists.js';
import type { PrincipalKind } from '../model/action-kinds.js';

/**
 * What apply saw. `document` is the exact policy text that was deleted
 * (decoded from IAM's URL encoding), so undo can put back the identical document.
 */
export type DeleteInlinePolicyPrior =
  { readonly deleted: true; readonly document: string } | { readonly deleted: false; readonly note: string };

interface ListPage {
  readonly PolicyNames?: string[];
  readonly IsTruncated?: boolean;
  readonly Marker?: string;
}

/** The IAM calls per principal kind. */
const calls: Record<
  PrincipalKind,
  {
    get(iam: IAMClient, name: string, policyName: string): Promise<{ PolicyDocument?: string }>;
    list(iam: IAMClient, name: string, marker: string | undefined): Promise<ListPage>;
    remove(iam: IAMClient, name: string, policyName: string): Promise<unknown>;
    put(iam: IAMClient, name: string, policyName: string, document: string): Promise<unknown>;
  }
> = {
  user: {
    get: (iam, UserName, PolicyName) => iam.send(new GetUserPolicyCommand({ UserName, PolicyName })),
    list: (iam, UserName, Marker) => iam.send(new ListUserPoliciesCommand({ UserName, Marker })),
    remove: (iam, UserName, PolicyName) => iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName })),
    put: (iam, UserName, PolicyName, PolicyDocument) =>
      iam.send(new PutUserPolicyCommand({ UserName, PolicyName, PolicyDocument })),
  },
  group: {
    get: (iam, GroupName, PolicyName) => iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName })),
    list: (iam, GroupName, Marker) => iam.send(new ListGroupPoliciesCommand({ GroupName, Marker })),
    remove: (iam, GroupName, PolicyName) => iam.send(new DeleteGroupPolicyCommand({ GroupName, PolicyName })),
    put: (iam, GroupName, PolicyName, PolicyDocument) =>
      iam.send(new PutGroupPolicyCommand({ GroupName, PolicyName, PolicyDocument })),
  },
  role: {
    get: (iam, RoleName, PolicyName) => iam.send(new GetRolePolicyCommand({ RoleName, PolicyName })),
    list: (iam, RoleName, Marker) => iam.send(new ListRolePoliciesCommand({ RoleName, Marker })),
    remove: (iam, RoleName, PolicyName) => iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })),
    put: (iam, RoleName, PolicyName, PolicyDocument) =>
      iam.send(new PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument })),
  },
};

type LiveDocument = { readonly found: true; readonly document: string } | { readonly found: false };

/** The live inline policy; `NoSuchEntity` escapes only when the principal itself is gone. */
async function readInlinePolicy(
  iam: IAMClient,
  kind: PrincipalKind,
  principalName: string,
  policyName: string,
): Promise<LiveDocument> {
  try {
    const response = await calls[kind].get(iam, principalName, policyName);
    return { found: true, document: decodePolicyText(response.PolicyDocument ?? '') };
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
  }
  // The policy is absent, or the principal is: listing tells them apart (it throws NoSuchEntity for the latter).
  let marker: string | undefined;
  do {
    const page = await calls[kind].list(iam, principalName, marker);
    if (page.PolicyNames?.includes(policyName)) {
      // Put again between the two calls: read it once more.
      const response = await calls[kind].get(iam, principalName, policyName);
      return { found: true, document: decodePolicyText(response.PolicyDocument ?? '') };
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return { found: false };
}

const params = v.object({ principalKind: PRINCIPAL_KIND, principalName: NAME, policyName: NAME });

declare module '../model/action-kinds.js' {
  interface ActionParams {
    'delete-inline-policy': v.InferOutput<typeof params>;
  }
}

/** Removes an inline policy, keeping its exact text so undo can put the identical document back. */
export const deleteInlinePolicySpec = defineActionSpec({
  kind: 'delete-inline-policy',
  params,
  target: ({ principalKind, principalName }) => ({ kind: principalKind, name: principalName }),
  describe: ({ principalKind, principalName, policyName }) =>
    `Delete inline policy ${policyName} from ${principalKind} ${principalName} (the document is saved for undo)`,
  permissions: [
    'iam:DeleteGroupPolicy',
    'iam:DeleteRolePolicy',
    'iam:DeleteUserPolicy',
    // principal-exists.ts: tells "already so" from "target gone"
    'iam:GetGroup',
    'iam:GetRole',
    'iam:GetUser',
    'iam:GetGroupPolicy',
    'iam:GetRolePolicy',
    'iam:GetUserPolicy',
    'iam:ListGroupPolicies',
    'iam:ListRolePolicies',
    'iam:ListUserPolicies',
    'iam:PutGroupPolicy',
    'iam:PutRolePolicy',
    'iam:PutUserPolicy',
  ],
});

export const deleteInlinePolicy = /* @__PURE__ */ defineAction<'delete-inline-policy', DeleteInlinePolicyPrior>(
  deleteInlinePolicySpec,
  {
    async inspect({ principalKind, principalName, policyName }, { iam }) {
      const target = `${principalKind} ${principalName}`;
      try {
        const live = await readInlinePolicy(iam, principalKind, principalName, policyName);
        if (live.found) return { status: 'ready', priorState: { deleted: true, document: live.document } };
        return {
          status: 'already-applied',
          priorState: { deleted: false, note: `no inline policy ${policyName} on ${target}; nothing was deleted` },
          message: `${target} had no inline policy ${policyName}`,
        };
      } catch (error) {
        if (isNoSuchEntity(error)) return policyAbsent(iam, principalKind, principalName);
        return failureFrom(error, `read inline policy ${policyName} of ${target}`);
      }
    },

    async change({ principalKind, principalName, policyName }, priorState, { iam, logger }) {
      const target = `${principalKind} ${principalName}`;
      if (!priorState.deleted) {
        return { status: 'already-applied', priorState, message: `${target} had no inline policy ${policyName}` };
      }
      try {
        const live = await readInlinePolicy(iam, principalKind, principalName, policyName);
        // Deleted meanwhile by someone else: Warden deleted nothing, so Undo must not put it back.
        if (!live.found) return policyAbsent(iam, principalKind, principalName);
        if (!samePolicyText(live.document, priorState.document)) {
          return {
            status: 'failed',
            reason: `inline policy ${policyName} of ${target} was changed after Warden read it; Warden will not delete the new one`,
            retryable: false,
          };
        }
        await calls[principalKind].remove(iam, principalName, policyName);
      } catch (error) {
        if (isNoSuchEntity(error)) return policyAbsent(iam, principalKind, principalName);
        return failureFrom(error, `delete inline policy ${policyName} from ${target}`);
      }
      logger.info('inline policy deleted', { principalKind, principalName, policyName });
      return { status: 'applied', priorState, message: `Deleted inline policy ${policyName} from ${target}` };
    },

    async undo({ principalKind, principalName, policyName }, priorState, { iam, logger }) {
      const target = `${principalKind} ${principalName}`;
      if (!priorState.deleted) {
        return { status: 'already-undone', message: `Warden deleted nothing from ${target}; nothing to undo` };
      }
      try {
        const live = await readInlinePolicy(iam, principalKind, principalName, policyName);
        if (live.found) {
          if (samePolicyText(live.document, priorState.document)) {
            return { status: 'already-undone', message: `Inline policy ${policyName} is already back on ${target}` };
          }
          return {
            status: 'cannot-undo',
            reason: `a different inline policy named ${policyName} was put on ${target} after Warden deleted the original`,
          };
        }
        await calls[principalKind].put(iam, principalName, policyName, priorState.document);
        logger.info('inline policy restored', { principalKind, principalName, policyName });
        return { status: 'undone', message: `Put inline policy ${policyName} back on ${target}` };
      } catch (error) {
        // Reads and the put answer NoSuchEntity only for a missing principal.
        if (isNoSuchEntity(error)) {
          return { status: 'cannot-undo', reason: `${target} was deleted after Warden removed its inline policy` };
        }
        return failureFrom(error, `restore inline policy ${policyName} on ${target}`);
      }
    },
  },
);

/**
 * After NoSuchEntity while the policy was read or deleted: the principal is
 * gone (target gone), or it exists and the policy is absent (already so).
 */
async function policyAbsent(
  iam: IAMClient,
  kind: PrincipalKind,
  name: string,
): Promise<NoChange<DeleteInlinePolicyPrior>> {
  const gone = await principalGoneFailure(iam, kind, name);
  if (gone) return gone;
  const target = `${kind} ${name}`;
  return {
    status: 'already-applied',
    priorState: { deleted: false, note: `the inline policy was deleted meanwhile; Warden deleted nothing` },
    message: `The inline policy was already deleted from ${target}`,
  };
}
