import { IAMClient, IAMServiceException } from '@aws-sdk/client-iam';
import type { ActionEnv } from '../../shared/actions/action.js';
import { type AwsClientOptions, sdkClientConfig } from '../../shared/aws/aws-client-options.js';

/**
 * Someone else's change landing between Warden's read and its write: just
 * before Warden's IAM client sends the `nth` (default first) `commandName`
 * (e.g. `UpdateAccessKeyCommand`), `meanwhile` runs once with another client
 * on the same emulator. Returns that other client, for reading state back.
 */
export function beforeCommand(
  env: ActionEnv,
  options: AwsClientOptions,
  commandName: string,
  meanwhile: (other: IAMClient) => Promise<unknown>,
  nth = 1,
): IAMClient {
  const other = new IAMClient(sdkClientConfig(options));
  let seen = 0;
  env.iam.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === commandName) {
        seen += 1;
        if (seen === nth) await meanwhile(other);
      }
      return next(args);
    },
    { step: 'initialize', name: `meanwhileBefore${commandName}${nth}` },
  );
  return other;
}

/**
 * Makes Warden's IAM client throw `error` instead of sending `commandName`,
 * for the calls of it `when` picks by their 1-based count (default: every call).
 */
export function throwOn(
  env: ActionEnv,
  commandName: string,
  error: unknown,
  when: (nth: number) => boolean = () => true,
): void {
  let seen = 0;
  env.iam.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === commandName) {
        seen += 1;
        if (when(seen)) throw error;
      }
      return next(args);
    },
    { step: 'initialize', name: `throwOn${commandName}` },
  );
}

/** IAM's throttling answer as the SDK raises it (an unmodelled client fault named `Throttling`). */
export function throttling(): IAMServiceException {
  return new IAMServiceException({
    name: 'Throttling',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'Rate exceeded',
  });
}
