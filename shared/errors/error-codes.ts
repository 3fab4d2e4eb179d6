/**
 * Every code a {@link WardenError} carries, once: what it means and whether
 * retrying may help. Callers throw by code and handlers branch on the code,
 * so a new failure is one row here, and its retry default is not re-decided
 * at each throw site.
 */
export const ERROR_CODES = {
  'config-invalid': { retryable: false, meaning: 'the configuration is missing or invalid' },
  'invalid-event': { retryable: false, meaning: 'an input event or file cannot be used' },
  'assume-role-failed': { retryable: true, meaning: 'AssumeRole into an account returned no credentials' },
  'publish-failed': { retryable: true, meaning: 'EventBridge rejected a Warden event' },
  'store-conflict': { retryable: true, meaning: 'a conditional write kept losing to another writer' },
  'store-invalid': { retryable: false, meaning: 'the store returned a value of the wrong shape' },
  'credential-report-timeout': { retryable: true, meaning: 'the IAM credential report was not ready in time' },
  'credential-report-invalid': { retryable: false, meaning: 'the IAM credential report cannot be parsed' },
  'credential-report-account-mismatch': {
    retryable: false,
    meaning: 'the credential report belongs to another account than the one swept',
  },
} as const satisfies Readonly<Record<string, { readonly retryable: boolean; readonly meaning: string }>>;

export type ErrorCode = keyof typeof ERROR_CODES;
