/**
 * The outcome of one `warden doctor` check. A failing or warning check says
 * how to fix it in one line.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id, e.g. `slack-token`, `trail`. */
  readonly check: string;
  readonly status: CheckStatus;
  /** What was found, one line. */
  readonly summary: string;
  /** What to do about it, one line (fail and warn only). */
  readonly fix?: string;
}

export const pass = (check: string, summary: string): CheckResult => ({ check, status: 'pass', summary });

export const fail = (check: string, summary: string, fix: string): CheckResult => ({
  check,
  status: 'fail',
  summary,
  fix,
});

export const warn = (check: string, summary: string, fix: string): CheckResult => ({
  check,
  status: 'warn',
  summary,
  fix,
});

export const skip = (check: string, summary: string): CheckResult => ({ check, status: 'skip', summary });

/** A short text for an unexpected error (SDK exception name and message). */
export function errorText(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
