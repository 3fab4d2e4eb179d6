import type { CliIo } from '../../cli/cli-io.js';

/** A {@link CliIo} that keeps what a command printed. */
export function collectingIo(cwd: string, options: { color?: boolean; stderrIsTty?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: options.color ?? false,
    stderrIsTty: options.stderrIsTty ?? false,
    cwd,
  };
  return {
    io,
    stdout: () => stdout,
    stderr: () => stderr,
    /** stdout as parsed JSON lines. */
    jsonLines: () =>
      stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
