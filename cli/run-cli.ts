import { CliError, type CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { runConfig } from './config-command.js';
import { runDoctorCommand } from './doctor-command.js';
import { runReplay } from './replay-command.js';
import { runRules } from './rules-command.js';
import { runSweepCommand } from './sweep-command.js';

export const MAIN_HELP = `Usage: warden <command> [options]

Warden is an event-driven AWS IAM guard. These commands run it offline.

Commands:
  replay [paths...]   run detection over CloudTrail files and print findings (never acts)
  rules               print the rule catalogue
  sweep --report <f>  IAM hygiene checks over a saved credential report (never acts)
  config check        validate warden.config.yml
  doctor --stage <s>  check a deployed stage (Slack, rules, trail, roles, table)

Run "warden <command> --help" for a command's options.
`;

/**
 * Runs one `warden` invocation and returns its exit code. Every error ends as a
 * one-line `warden: <message>` on stderr — never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'replay':
        return await runReplay(args, io);
      case 'rules':
        return runRules(args, io);
      case 'sweep':
        return await runSweepCommand(args, io);
      case 'config':
        return runConfig(args, io);
      case 'doctor':
        return await runDoctorCommand(args, io);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        if (command === undefined) {
          io.stderr(MAIN_HELP);
          return ExitCode.error;
        }
        io.stdout(MAIN_HELP);
        return ExitCode.ok;
      default:
        throw new CliError(
          `unknown command "${command}" (commands: replay, rules, sweep, config; see "warden --help")`,
        );
    }
  } catch (error) {
    const message =
      error instanceof CliError
        ? error.message
        : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr(`warden: ${message}\n`);
    return ExitCode.error;
  }
}
