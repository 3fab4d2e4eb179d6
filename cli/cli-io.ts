/**
 * What a command may touch of the outside world: two writers and whether they
 * are terminals. `main.ts` wires the process; tests pass collecting writers.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colour output on stdout (a TTY and `NO_COLOR` unset). */
  readonly color: boolean;
  /** Whether stderr is a terminal (progress lines are shown only then). */
  readonly stderrIsTty: boolean;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
}

/**
 * A bad flag or value, a missing or unreadable path, an invalid context file:
 * printed as `warden: <message>` without a stack trace, exit code 1.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}
