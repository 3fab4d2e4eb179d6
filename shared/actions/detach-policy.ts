import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  type AttachedPolicy,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  type IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { defineAction, defineActionSpec, type NoChange, type UndoResult } from './action.js';
import * as v from 'valibot';
import { NAME, PRINCIPAL_KIND, policyNameOf } from './action-params.js';
import { failureFrom, isNoSuchEntity } from './action-failure.js';
import type { PrincipalKind } from '../model/action-kinds.js';
import { principalExists, principalGoneFailure } from './principal-exists.js';

/** What apply saw: whether the policy was attached when Warden looked. */
export type DetachPolicyPrior = { readonly attached: boolean };

interface Page {
  readonly AttachedPolicies?: AttachedPolicy[];
  readonly IsTruncated?: boolean;
  readonly Marker?: string;
}

/** The three IAM calls per principal kind. */
const calls: Record<
  PrincipalKind,
  {
    list(iam: IAMClient, name: string, marker: string | undefined): Promise<Page>;
    detach(iam: IAMClient, name: string, policyArn: string): Promise<unknown>;
    attach(iam: IAMClient, name: string, policyArn: string): Promise<unknown>;
  }
> = {
  user: {
    list: (iam, UserName, Marker) => iam.send(new ListAttachedUserPoliciesCommand({ UserName, Marker })),
    detach: (iam, UserName, PolicyArn) => iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn })),
    attach: (iam, UserName, PolicyArn) => iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn })),
  },
  group: {
    list: (iam, GroupName, Marker) => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName, Marker })),
    detach: (iam, GroupName, PolicyArn) => iam.send(new DetachGroupPolicyCommand({ GroupName, PolicyArn })),
    attach: (iam, GroupName, PolicyArn) => iam.send(new AttachGroupPolicyCommand({ GroupName, PolicyArn })),
  },
  role: {
    list: (iam, RoleName, Marker) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName, Marker })),
    detach: (iam, RoleName, PolicyArn) => iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn })),
    attach: (iam, RoleName, PolicyArn) => iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn })),
  },
};

async function isAttached(iam: IAMClient, kind: PrincipalKind, name: string, policyArn: string): Promise<boolean> {
  let marker: string | undefined;
  do {
    const page = await calls[kind].list(iam, name, marker);
    if (page.AttachedPolicies?.some((policy) => policy.PolicyArn === policyArn)) return true;
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return false;
}

/**
 * After NoSuchEntity from a list or a detach: the principal is gone (target
 * gone), or it still exists and the policy is not attached (already so).
 */
async function alreadyDetached(
  iam: IAMClient,
  kind: PrincipalKind,
  name: string,
  policyArn: string,
  priorState: DetachPolicyPrior,
): Promise<NoChange<DetachPolicyPrior>> {
  const gone = await principalGoneFailure(iam, kind, name);
  if (gone) return gone;
  const target = `${kind} ${name}`;
  return { status: 'already-applied', priorState, message: `${policyArn} was already detached from ${target}` };
}

const params = v.object({ principalKind: PRINCIPAL_KIND, principalName: NAME, policyArn: NAME });

declare module '../model/action-kinds.js' {
  interface ActionParams {
    'detach-policy': v.InferOutput<typeof params>;
  }
}

/** Takes a managed policy off a user, group or role; the policy itself is left alone. */
export const detachPolicySpec = defineActionSpec({
  kind: 'detach-policy',
  params,
  target: ({ principalKind, principalName }) => ({ kind: principalKind, name: principalName }),
  describe: ({ principalKind, principalName, policyArn }) =>
    `Detach ${policyNameOf(policyArn)} from ${principalKind} ${principalName}`,
  permissions: [
    'iam:AttachGroupPolicy',
    'iam:AttachRolePolicy',
    'iam:AttachUserPolicy',
    'iam:DetachGroupPolicy',
    'iam:DetachRolePolicy',
    'iam:DetachUserPolicy',
    'iam:GetGroup',
    'iam:GetRole',
    'iam:GetUser',
    'iam:ListAttachedGroupPolicies',
    'iam:ListAttachedRolePolicies',
    'iam:ListAttachedUserPolicies',
  ],
});

export const detachPolicy = /* @__PURE__ */ defineAction<'detach-policy', DetachPolicyPrior>(detachPolicySpec, {
  async inspect({ principalKind, principalName, policyArn }, { iam }) {
    const target = `${principalKind} ${principalName}`;
    try {
      if (await isAttached(iam, principalKind, principalName, policyArn)) {
        return { status: 'ready', priorState: { attached: true } };
      }
      return {
        status: 'already-applied',
        priorState: { attached: false },
        message: `${policyArn} was not attached to ${target}`,
      };
    } catch (error) {
      if (isNoSuchEntity(error)) {
        return alreadyDetached(iam, principalKind, principalName, policyArn, { attached: false });
      }
      return failureFrom(error, `read the policies of ${target}`);
    }
  },

  async change({ principalKind, principalName, policyArn }, priorState, { iam, logger }) {
    const target = `${principalKind} ${principalName}`;
    if (!priorState.attached) {
      return { status: 'already-applied', priorState, message: `${policyArn} was not attached to ${target}` };
    }
    try {
      await calls[principalKind].detach(iam, principalName, policyArn);
    } catch (error) {
      // Detached meanwhile by someone else: Warden changed nothing, so Undo must not re-attach it.
      if (isNoSuchEntity(error)) {
        return alreadyDetached(iam, principalKind, principalName, policyArn, { attached: false });
      }
      return failureFrom(error, `detach ${policyArn} from ${target}`);
    }
    logger.info('policy detached', { principalKind, principalName, policyArn });
    return { status: 'applied', priorState, message: `Detached ${policyArn} from ${target}` };
  },

  async undo({ principalKind, principalName, policyArn }, priorState, { iam, logger }) {
    const target = `${principalKind} ${principalName}`;
    if (!priorState.attached) {
      return { status: 'already-undone', message: `${policyArn} was not attached before; nothing to undo` };
    }
    let attached: boolean;
    try {
      attached = await isAttached(iam, principalKind, principalName, policyArn);
    } catch (error) {
      if (isNoSuchEntity(error)) {
        return { status: 'cannot-undo', reason: `${target} was deleted after Warden detached ${policyArn}` };
      }
      return failureFrom(error, `re-attach ${policyArn} to ${target}`);
    }
    if (attached) return { status: 'already-undone', message: `${policyArn} is already attached to ${target}` };
    try {
      await calls[principalKind].attach(iam, principalName, policyArn);
    } catch (error) {
      if (isNoSuchEntity(error)) return attachRefused(iam, principalKind, principalName, policyArn);
      return failureFrom(error, `re-attach ${policyArn} to ${target}`);
    }
    logger.info('policy re-attached', { principalKind, principalName, policyArn });
    return { status: 'undone', message: `Re-attached ${policyArn} to ${target}` };
  },
});

/** NoSuchEntity from the re-attach: the principal was deleted meanwhile, or (it exists) the policy was. */
async function attachRefused(
  iam: IAMClient,
  kind: PrincipalKind,
  name: string,
  policyArn: string,
): Promise<UndoResult> {
  const target = `${kind} ${name}`;
  try {
    if (!(await principalExists(iam, kind, name))) {
      return { status: 'cannot-undo', reason: `${target} was deleted after Warden detached ${policyArn}` };
    }
  } catch (error) {
    return failureFrom(error, `read ${target}`);
  }
  return { status: 'cannot-undo', reason: `policy ${policyArn} was deleted after Warden detached it` };
}
