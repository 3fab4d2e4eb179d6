import { CATALOGUE } from '../shared/rules/catalogue.js';
import { CliError, type CliIo } from './cli-io.js';
import { ExitCode } from './exit-codes.js';
import { oneOf, parseCommandArgs } from './parse-command-args.js';
import { renderRuleCatalogue, RULES_FORMATS } from './render-rule-catalogue.js';

export const RULES_HELP = `Usage: warden rules [--format table|markdown|json]

Prints Warden's rule catalogue: id, severity, title, the events each rule fires
on, its remediation with the default mode, and the rationale.
docs/rules.md is this output in markdown (npm run docs).

Options:
  -f, --format <table|markdown|json>  output format (default: table)
  -h, --help                          show this help
`;

export function runRules(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs('rules', args, {
    format: { type: 'string', short: 'f' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(RULES_HELP);
    return ExitCode.ok;
  }
  if (positionals.length > 0) {
    throw new CliError(`rules takes no arguments (got "${positionals.join(' ')}")`);
  }
  io.stdout(renderRuleCatalogue(CATALOGUE, oneOf('format', values.format, RULES_FORMATS, 'table')));
  return ExitCode.ok;
}
