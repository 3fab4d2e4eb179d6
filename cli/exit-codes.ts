/** Process exit codes of the `warden` command. */
export const ExitCode = {
  ok: 0,
  /** Usage error, unreadable input, invalid context file. */
  error: 1,
  /** `--fail-on` threshold reached. */
  findings: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
