import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { type AccountClientDeps, type ClientSet, accountClientsFor } from './account-clients.js';
import { sdkClientConfig } from './aws-client-options.js';

/** What execute's actions act with: IAM, and CloudTrail (start-logging, boundary history). */
export interface RemediationClients {
  readonly iam: IAMClient;
  readonly cloudtrail: CloudTrailClient;
}

export type RemediationClientDeps = AccountClientDeps;

export const REMEDIATION_CLIENTS: ClientSet<RemediationClients> = {
  kind: 'iam+cloudtrail',
  build: (options) => {
    const config = sdkClientConfig(options);
    return { iam: new IAMClient(config), cloudtrail: new CloudTrailClient(config) };
  },
};

/**
 * IAM and CloudTrail clients acting in `accountId`: the function's own
 * credentials in the hub account, otherwise the member account's
 * remediation role assumed through STS (see accountClientsFor).
 */
export function remediationClientsFor(accountId: string, deps: RemediationClientDeps): Promise<RemediationClients> {
  return accountClientsFor(accountId, deps, REMEDIATION_CLIENTS);
}
