import {
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  type IAMClient,
  type PasswordPolicy,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import type { PasswordBaseline } from '../model/detection-settings.js';
import { defineAction, defineActionSpec } from './action.js';
import * as v from 'valibot';
import {} from './action-params.js';
import { failureFrom, isNoSuchEntity } from './action-failure.js';

/** The settable fields of an account password policy, as UpdateAccountPasswordPolicy takes them. */
export interface PasswordPolicySettings {
  readonly minimumPasswordLength: number;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly allowUsersToChangePassword: boolean;
  /** Days; 0 = passwords never expire. */
  readonly maxPasswordAge: number;
  /** 0 = no reuse prevention. */
  readonly passwordReusePrevention: number;
  readonly hardExpiry: boolean;
}

/** What apply saw (`previous`, null = the account had no policy) and what it set (`applied`, null = nothing). */
export type RestorePasswordPolicyPrior = {
  readonly previous: PasswordPolicySettings | null;
  readonly applied: PasswordPolicySettings | null;
};

/** Minimum length IAM accepts in UpdateAccountPasswordPolicy. */
const IAM_MINIMUM_LENGTH = 6;

function settingsOf(policy: PasswordPolicy): PasswordPolicySettings {
  return {
    minimumPasswordLength: policy.MinimumPasswordLength ?? IAM_MINIMUM_LENGTH,
    requireSymbols: policy.RequireSymbols ?? false,
    requireNumbers: policy.RequireNumbers ?? false,
    requireUppercaseCharacters: policy.RequireUppercaseCharacters ?? false,
    requireLowercaseCharacters: policy.RequireLowercaseCharacters ?? false,
    allowUsersToChangePassword: policy.AllowUsersToChangePassword ?? false,
    maxPasswordAge: policy.ExpirePasswords === false ? 0 : (policy.MaxPasswordAge ?? 0),
    passwordReusePrevention: policy.PasswordReusePrevention ?? 0,
    hardExpiry: policy.HardExpiry ?? false,
  };
}

async function currentPolicy(iam: IAMClient): Promise<PasswordPolicySettings | null> {
  try {
    const response = await iam.send(new GetAccountPasswordPolicyCommand({}));
    return response.PasswordPolicy ? settingsOf(response.PasswordPolicy) : null;
  } catch (error) {
    if (isNoSuchEntity(error)) return null;
    throw error;
  }
}

async function putPolicy(iam: IAMClient, settings: PasswordPolicySettings): Promise<void> {
  await iam.send(
    new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: settings.minimumPasswordLength,
      RequireSymbols: settings.requireSymbols,
      RequireNumbers: settings.requireNumbers,
      RequireUppercaseCharacters: settings.requireUppercaseCharacters,
      RequireLowercaseCharacters: settings.requireLowercaseCharacters,
      AllowUsersToChangePassword: settings.allowUsersToChangePassword,
      // Omitting a field resets it; 0 is "never expires" / "no reuse prevention" for IAM.
      ...(settings.maxPasswordAge > 0 ? { MaxPasswordAge: settings.maxPasswordAge } : {}),
      ...(settings.passwordReusePrevention > 0 ? { PasswordReusePrevention: settings.passwordReusePrevention } : {}),
      HardExpiry: settings.hardExpiry,
    }),
  );
}

/** The stricter of two maximum ages, where 0 means "never expires" (the weakest). */
function stricterMaxAge(a: number, b: number): number {
  if (a <= 0) return b;
  if (b <= 0) return a;
  return Math.min(a, b);
}

/**
 * The policy Warden puts: each field at least as strong as the baseline, and
 * fields the current policy already has stronger are kept (Warden never
 * weakens a field). Fields the baseline does not cover keep their current value.
 */
export function strengthened(
  current: PasswordPolicySettings | null,
  baseline: PasswordBaseline,
): PasswordPolicySettings {
  return {
    minimumPasswordLength: Math.max(
      current?.minimumPasswordLength ?? 0,
      baseline.minimumPasswordLength,
      IAM_MINIMUM_LENGTH,
    ),
    requireSymbols: (current?.requireSymbols ?? false) || baseline.requireSymbols,
    requireNumbers: (current?.requireNumbers ?? false) || baseline.requireNumbers,
    requireUppercaseCharacters: (current?.requireUppercaseCharacters ?? false) || baseline.requireUppercaseCharacters,
    requireLowercaseCharacters: (current?.requireLowercaseCharacters ?? false) || baseline.requireLowercaseCharacters,
    // With no policy at all, users may change their own password (the console's default); else keep theirs.
    allowUsersToChangePassword: current?.allowUsersToChangePassword ?? true,
    maxPasswordAge: stricterMaxAge(current?.maxPasswordAge ?? 0, baseline.maxPasswordAge),
    passwordReusePrevention: Math.max(current?.passwordReusePrevention ?? 0, baseline.passwordReusePrevention),
    hardExpiry: current?.hardExpiry ?? false,
  };
}

function sameSettings(a: PasswordPolicySettings, b: PasswordPolicySettings): boolean {
  return (Object.keys(a) as (keyof PasswordPolicySettings)[]).every((key) => a[key] === b[key]);
}

const params = v.object({
  /** The baseline to enforce; the executor fills it from configuration when absent (`withSettings`). */
  baseline: v.optional(
    v.object({
      minimumPasswordLength: v.number(),
      requireSymbols: v.boolean(),
      requireNumbers: v.boolean(),
      requireUppercaseCharacters: v.boolean(),
      requireLowercaseCharacters: v.boolean(),
      maxPasswordAge: v.number(),
      passwordReusePrevention: v.number(),
    }),
  ),
});

declare module '../model/action-kinds.js' {
  interface ActionParams {
    'restore-password-policy': v.InferOutput<typeof params>;
  }
}

/** Puts the account password policy back to (at least) the configured baseline. */
export const restorePasswordPolicySpec = defineActionSpec({
  kind: 'restore-password-policy',
  params,
  target: () => null,
  describe: ({ baseline }) =>
    baseline
      ? `Restore the account password policy to the baseline (minimum length ${baseline.minimumPasswordLength})`
      : 'Restore the baseline account password policy',
  permissions: ['iam:DeleteAccountPasswordPolicy', 'iam:GetAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy'],
  withSettings: (params, settings) => ({ ...params, baseline: params.baseline ?? settings.passwordBaseline }),
});

export const restorePasswordPolicy = /* @__PURE__ */ defineAction<
  'restore-password-policy',
  RestorePasswordPolicyPrior
>(restorePasswordPolicySpec, {
  async inspect({ baseline }, { iam }) {
    if (!baseline) {
      return {
        status: 'failed',
        reason: 'no password baseline given (the executor must fill it from configuration)',
        retryable: false,
      };
    }
    try {
      const previous = await currentPolicy(iam);
      const wanted = strengthened(previous, baseline);
      if (previous && sameSettings(previous, wanted)) {
        return {
          status: 'already-applied',
          priorState: { previous, applied: null },
          message: 'The account password policy already meets the baseline',
        };
      }
      return { status: 'ready', priorState: { previous, applied: wanted } };
    } catch (error) {
      return failureFrom(error, 'read the account password policy');
    }
  },

  async change(_params, priorState, { iam, logger }) {
    const { previous, applied } = priorState;
    if (!applied) {
      return {
        status: 'already-applied',
        priorState,
        message: 'The account password policy already meets the baseline',
      };
    }
    try {
      const current = await currentPolicy(iam);
      if (current && sameSettings(current, applied)) {
        // Already so (set meanwhile by someone else): Warden changed nothing, and Undo has nothing to put back.
        return {
          status: 'already-applied',
          priorState: { previous: current, applied: null },
          message: 'The account password policy already meets the baseline',
        };
      }
      if (previous ? !current || !sameSettings(current, previous) : current !== null) {
        return {
          status: 'failed',
          reason: 'the account password policy was changed after Warden read it; Warden will not overwrite it',
          retryable: false,
        };
      }
      await putPolicy(iam, applied);
    } catch (error) {
      return failureFrom(error, 'restore the account password policy');
    }
    logger.info('password policy restored', { hadPolicy: previous !== null });
    return {
      status: 'applied',
      priorState,
      message: previous
        ? 'Strengthened the account password policy to the baseline'
        : 'Set the account password policy to the baseline (the account had none)',
    };
  },

  async undo(_params, { previous, applied }, { iam, logger }) {
    if (!applied) {
      return { status: 'already-undone', message: 'Warden did not change the password policy; nothing to undo' };
    }
    try {
      const current = await currentPolicy(iam);
      if (!current || !sameSettings(current, applied)) {
        if (previous ? current && sameSettings(current, previous) : !current) {
          return { status: 'already-undone', message: 'The password policy is already back to what it was' };
        }
        return {
          status: 'cannot-undo',
          reason: current
            ? 'the account password policy was changed after Warden restored it'
            : 'the account password policy was deleted after Warden restored it',
        };
      }
      if (previous) {
        await putPolicy(iam, previous);
        logger.info('password policy put back', {});
        return { status: 'undone', message: 'Put the previous account password policy back' };
      }
      try {
        await iam.send(new DeleteAccountPasswordPolicyCommand({}));
      } catch (error) {
        // Deleted between the read and the delete: the account has none again, as before.
        if (!isNoSuchEntity(error)) throw error;
        return { status: 'already-undone', message: 'The password policy is already back to what it was' };
      }
      logger.info('password policy deleted', {});
      return { status: 'undone', message: 'Deleted the account password policy again (the account had none)' };
    } catch (error) {
      return failureFrom(error, 'put the previous account password policy back');
    }
  },
});
