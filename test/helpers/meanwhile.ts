import { IAMClient } from '@aws-sdk/client-iam';
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

/** Makes Warden's IAM client throw `error` (instead of sending) for the `nth` (default every) `commandName`. */
export function throwOn(env: ActionEnv, commandName: string, error: unknown, nth?: number): void {
  let seen = 0;
  env.iam.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === commandName) {
        seen += 1;
        if (nth === undefined || seen === nth) throw error;
      }
      return next(args);
    },
    { step: 'initialize', name: `throwOn${commandName}${nth ?? 'all'}` },
  );
}
