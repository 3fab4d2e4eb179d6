import type { AwsCredentialIdentity } from '@aws-sdk/types';

/**
 * The one place SDK clients get their settings from. Handlers build these from
 * `shared/config.ts`; tests point `endpoint` at the local AWS emulator.
 */
export interface AwsClientOptions {
  readonly region: string;
  /** Override endpoint (the local emulator in tests); undefined for real AWS. */
  readonly endpoint?: string;
  readonly credentials?: AwsCredentialIdentity;
  /** SDK retry attempts (standard retry mode with backoff). */
  readonly maxAttempts?: number;
}

/** The config object every SDK v3 client constructor accepts. */
export function sdkClientConfig(options: AwsClientOptions) {
  return {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}
