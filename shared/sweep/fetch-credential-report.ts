import {
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { WardenError } from '../errors/warden-error.js';
import { type CredentialReport, parseCredentialReport } from './credential-report.js';

export interface FetchReportOptions {
  /** Waits between polls; injected so tests do not wait. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Polls of GenerateCredentialReport before giving up (default 8: about 2 minutes in all). */
  readonly maxPolls?: number;
  /** First wait; doubles each poll up to `maxDelayMs` (defaults 2 s and 30 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * GenerateCredentialReport, polled with exponential backoff until COMPLETE
 * (AWS reuses a report younger than four hours, so this is usually one call),
 * then GetCredentialReport, decoded and parsed. Throws a retryable
 * WardenError when the report is not ready in time.
 */
export async function fetchCredentialReport(iam: IAMClient, options: FetchReportOptions): Promise<CredentialReport> {
  const maxPolls = options.maxPolls ?? 8;
  let delay = options.initialDelayMs ?? 2_000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  for (let poll = 1; ; poll += 1) {
    const generated = await iam.send(new GenerateCredentialReportCommand({}));
    if (generated.State === 'COMPLETE') break;
    if (poll >= maxPolls) {
      throw new WardenError('credential-report-timeout', `credential report not ready after ${maxPolls} polls`);
    }
    await options.sleep(delay);
    delay = Math.min(delay * 2, maxDelay);
  }
  try {
    const output = await iam.send(new GetCredentialReportCommand({}));
    if (!output.Content) throw new WardenError('credential-report-invalid', 'GetCredentialReport returned no content');
    return parseCredentialReport(output.Content, output.GeneratedTime);
  } catch (error) {
    if (error instanceof CredentialReportNotReadyException) {
      throw new WardenError('credential-report-timeout', 'credential report not ready', { cause: error });
    }
    throw error;
  }
}
