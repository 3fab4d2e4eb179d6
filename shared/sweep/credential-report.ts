import { CsvError, parse } from 'csv-parse/sync';
import { WardenError } from '../errors/warden-error.js';

/**
 * The IAM credential report (`GetCredentialReport`, `text/csv`), parsed with a
 * real CSV parser into typed rows. The report's placeholders are kept apart
 * from dates, because they mean different things:
 *
 * - `N/A`            — not applicable (no password, no such key, key never used);
 * - `no_information` — a password never used to sign in (or not since October 2014);
 * - `not_supported`  — the field does not apply to this kind of row (root's password fields).
 *
 * The root user's row is named `<root_account>` and its ARN ends in `:root`.
 */

export type ReportPlaceholder = 'N/A' | 'no_information' | 'not_supported';
/** A report time: a date, or the placeholder the report wrote instead. */
export type ReportTime = Date | ReportPlaceholder;

export interface ReportAccessKey {
  /** The report's column pair: `access_key_1_*` or `access_key_2_*`. */
  readonly slot: 1 | 2;
  readonly active: boolean;
  /** When the key was created (the report calls it "last rotated"); N/A when there is no key. */
  readonly lastRotated: ReportTime;
  readonly lastUsed: ReportTime;
  readonly lastUsedRegion?: string;
  readonly lastUsedService?: string;
}

export interface CredentialReportRow {
  /** User name; `<root_account>` for the root user. */
  readonly user: string;
  readonly arn: string;
  readonly isRoot: boolean;
  /** The account id taken from the ARN. */
  readonly account?: string;
  readonly userCreationTime: ReportTime;
  /** Undefined for root (`not_supported`): root always has a password unless it was removed centrally. */
  readonly passwordEnabled?: boolean;
  readonly passwordLastUsed: ReportTime;
  readonly passwordLastChanged: ReportTime;
  readonly mfaActive: boolean;
  /** Both key slots, always in order 1, 2 (inactive with N/A dates when the slot is empty). */
  readonly accessKeys: readonly [ReportAccessKey, ReportAccessKey];
}

export interface CredentialReport {
  readonly rows: readonly CredentialReportRow[];
  /** When AWS generated it (`GeneratedTime`), when known. */
  readonly generatedAt?: Date;
}

export const ROOT_USER_NAME = '<root_account>';

/** Columns Warden reads; a report without any of them is refused. */
const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
] as const;

const PLACEHOLDERS: ReadonlySet<string> = new Set(['N/A', 'no_information', 'not_supported']);

export class CredentialReportError extends WardenError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('credential-report-invalid', message, options);
  }
}

/**
 * Parses the report text (or its bytes, UTF-8, with or without a BOM).
 * Throws {@link CredentialReportError} naming the line and column of the
 * first problem: malformed CSV, a missing column, a value that is neither a
 * date/boolean nor one of the report's placeholders.
 */
export function parseCredentialReport(input: string | Uint8Array, generatedAt?: Date): CredentialReport {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new CredentialReportError('credential report is empty');
  let columns: readonly string[] = [];
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => (columns = header.map((name) => name.trim())),
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, string>[];
  } catch (error) {
    const detail = error instanceof CsvError ? error.message : String(error);
    throw new CredentialReportError(`credential report is not valid CSV: ${detail}`, { cause: error });
  }
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new CredentialReportError(`credential report lacks column(s) ${missing.join(', ')}`);
  }
  return {
    rows: records.map((record, index) => rowOf(record, index + 2)),
    ...(generatedAt ? { generatedAt } : {}),
  };
}

function rowOf(record: Record<string, string>, line: number): CredentialReportRow {
  const field = (name: string): string => record[name] ?? '';
  const at = (name: string) => ({ name, line, value: field(name) });
  const user = field('user');
  if (user === '') throw new CredentialReportError(`credential report line ${line}: empty user name`);
  const arn = field('arn');
  const isRoot = user === ROOT_USER_NAME || /^arn:[^:]+:iam::\d{12}:root$/.test(arn);
  const account = /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1];
  const passwordEnabled = field('password_enabled');
  return {
    user,
    arn,
    isRoot,
    ...(account ? { account } : {}),
    userCreationTime: reportTime(at('user_creation_time')),
    ...(passwordEnabled === 'not_supported' ? {} : { passwordEnabled: reportBoolean(at('password_enabled')) }),
    passwordLastUsed: reportTime(at('password_last_used')),
    passwordLastChanged: reportTime(at('password_last_changed')),
    mfaActive: reportBoolean(at('mfa_active')),
    accessKeys: [keyOf(1, record, line), keyOf(2, record, line)],
  };
}

function keyOf(slot: 1 | 2, record: Record<string, string>, line: number): ReportAccessKey {
  const prefix = `access_key_${slot}_`;
  const value = (name: string) => ({ name: prefix + name, line, value: record[prefix + name] ?? '' });
  const optional = (name: string) => {
    const text = record[prefix + name];
    return text === undefined || text === '' || PLACEHOLDERS.has(text) ? undefined : text;
  };
  const region = optional('last_used_region');
  const service = optional('last_used_service');
  return {
    slot,
    active: reportBoolean(value('active')),
    lastRotated: reportTime(value('last_rotated')),
    lastUsed: reportTime(value('last_used_date')),
    ...(region ? { lastUsedRegion: region } : {}),
    ...(service ? { lastUsedService: service } : {}),
  };
}

interface Cell {
  readonly name: string;
  readonly line: number;
  readonly value: string;
}

/** `true`/`false` in any case; the report writes `TRUE`/`FALSE` for some rows, `true`/`false` for others. */
function reportBoolean(cell: Cell): boolean {
  const value = cell.value.toLowerCase();
  if (value === 'true') return true;
  if (value === 'false' || value === 'n/a' || value === 'not_supported') return false;
  throw new CredentialReportError(
    `credential report line ${cell.line}, ${cell.name}: expected true or false, got "${cell.value}"`,
  );
}

/** ISO-8601 date with offset (`2024-01-02T03:04:05+00:00`), or one of the report's placeholders. */
function reportTime(cell: Cell): ReportTime {
  if (PLACEHOLDERS.has(cell.value)) return cell.value as ReportPlaceholder;
  if (cell.value === '') return 'N/A';
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(cell.value);
  const date = new Date(cell.value);
  if (!iso || Number.isNaN(date.getTime())) {
    throw new CredentialReportError(
      `credential report line ${cell.line}, ${cell.name}: expected a date or N/A, got "${cell.value}"`,
    );
  }
  return date;
}

/** The date of a report time, or undefined for a placeholder. */
export function dateOf(time: ReportTime): Date | undefined {
  return time instanceof Date ? time : undefined;
}
