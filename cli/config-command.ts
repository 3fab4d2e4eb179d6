import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../shared/errors/warden-error.js';
import { CATALOGUE } from '../shared/rules/catalogue.js';
import { readConfigFile } from '../shared/runtime/read-config-file.js';
import type { WardenConfig } from '../shared/settings/warden-config.js';
import { CliError, type CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { parseCommandArgs } from './parse-command-args.js';

export const CONFIG_HELP = `Usage: warden config check [--config <file>] [--write-json <file>]

Validates warden.config.yml against its schema and the rule catalogue, and
prints what it sets. A bad key is named with the reason; the exit code is 1.

Options:
  -c, --config <file>      the configuration (default: warden.config.yml in the current directory)
      --write-json <file>  when valid, also write it as JSON (defaults filled in): what the
                           functions read, written as warden.config.json when the functions are packaged
  -h, --help               show this help
`;

/** Loads a config file for a command, turning its errors into one-line CLI errors. */
export function loadConfigForCli(file: string, cwd: string): WardenConfig {
  try {
    return readConfigFile(path.resolve(cwd, file));
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

export function runConfig(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs('config', args, {
    config: { type: 'string', short: 'c' },
    'write-json': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(CONFIG_HELP);
    return ExitCode.ok;
  }
  if (positionals.length !== 1 || positionals[0] !== 'check') {
    throw new CliError('config: the only subcommand is "check" (see "warden config --help")');
  }
  const file = values.config ?? 'warden.config.yml';
  const config = loadConfigForCli(file, io.cwd);
  const jsonFile = values['write-json'];
  if (jsonFile !== undefined) writeConfigJson(path.resolve(io.cwd, jsonFile), config);
  const ruled = Object.entries(config.rules);
  const modeOf = (setting: (typeof ruled)[number][1]) =>
    typeof setting === 'string'
      ? setting
      : [setting.mode, setting.severity && `severity ${setting.severity}`].filter(Boolean).join(', ');
  io.stdout(
    [
      `${file}: valid`,
      `  dry run: ${config.dryRun ? 'on (Warden only says what it would do)' : 'off'}`,
      `  rules: ${CATALOGUE.length} in the catalogue, ${ruled.length} configured`,
      ...ruled.map(([id, setting]) => `    ${id}: ${modeOf(setting)}`),
      `  approvers: ${config.approvers.default.users.length} users, ${config.approvers.default.userGroups.length} user groups by default`,
      `  break-glass principals: ${config.breakGlass.length}; allow-listed principals: ${config.allowList.principals.length}, accounts: ${config.allowList.accounts.length}`,
      `  automatic actions: at most ${config.rateLimit.autoActionsPerAccountPerHour} per account per hour`,
      ...(jsonFile !== undefined ? [`  written as JSON to ${jsonFile}`] : []),
      '',
    ].join('\n'),
  );
  return ExitCode.ok;
}

/** The validated configuration as the functions read it (shared/runtime/read-runtime-config.ts). */
function writeConfigJson(file: string, config: WardenConfig): void {
  try {
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
