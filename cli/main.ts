/** The `warden` process: wires stdout/stderr and the exit code to {@link runCli}. */
import { runCli } from './run-cli.js';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `warden replay --format json | head` closes the pipe early: not an error.
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: process.stdout.isTTY === true && (process.env['NO_COLOR'] ?? '') === '' && process.env['TERM'] !== 'dumb',
  stderrIsTty: process.stderr.isTTY === true,
  cwd: process.cwd(),
});
process.exitCode = exitCode;
