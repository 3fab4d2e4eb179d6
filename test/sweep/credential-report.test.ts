import { describe, expect, it } from 'vitest';
import { CredentialReportError, parseCredentialReport } from '../../shared/sweep/credential-report.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

const ROOT =
  '<root_account>,arn:aws:iam::111122223333:root,2016-03-10T09:12:45+00:00,not_supported,no_information,not_supported,not_supported,true,' +
  'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';

const BOTH_KEYS =
  'ci,arn:aws:iam::111122223333:user/automation/ci,2021-11-02T07:05:33+00:00,false,N/A,N/A,N/A,false,' +
  'TRUE,2025-04-01T06:00:00+00:00,2025-05-31T23:50:00+00:00,us-east-1,cloudformation,' +
  'true,2023-02-01T06:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A';

describe('parseCredentialReport', () => {
  it('reads the root row: placeholders stay placeholders, not dates or booleans', () => {
    const { rows } = parseCredentialReport(`${HEADER}\n${ROOT}\n`);
    expect(rows).toHaveLength(1);
    const root = rows[0]!;
    expect(root).toMatchObject({ user: '<root_account>', isRoot: true, account: '111122223333', mfaActive: true });
    expect(root.passwordEnabled).toBeUndefined();
    expect(root.passwordLastUsed).toBe('no_information');
    expect(root.passwordLastChanged).toBe('not_supported');
    expect(root.accessKeys.map((key) => [key.slot, key.active, key.lastRotated, key.lastUsed])).toEqual([
      [1, false, 'N/A', 'N/A'],
      [2, false, 'N/A', 'N/A'],
    ]);
  });

  it('reads both keys with dates, upper-case booleans and last-used region/service', () => {
    const { rows } = parseCredentialReport(`${HEADER}\n${BOTH_KEYS}\n`);
    const [key1, key2] = rows[0]!.accessKeys;
    expect(rows[0]!.isRoot).toBe(false);
    expect(rows[0]!.passwordEnabled).toBe(false);
    expect(key1).toEqual({
      slot: 1,
      active: true,
      lastRotated: new Date('2025-04-01T06:00:00Z'),
      lastUsed: new Date('2025-05-31T23:50:00Z'),
      lastUsedRegion: 'us-east-1',
      lastUsedService: 'cloudformation',
    });
    expect(key2).toEqual({ slot: 2, active: true, lastRotated: new Date('2023-02-01T06:00:00Z'), lastUsed: 'N/A' });
  });

  it('accepts a BOM, CRLF line ends, a trailing blank line and bytes', () => {
    const text = `\uFEFF${HEADER}\r\n${ROOT}\r\n${BOTH_KEYS}\r\n\r\n`;
    const report = parseCredentialReport(new TextEncoder().encode(text));
    expect(report.rows.map((row) => row.user)).toEqual(['<root_account>', 'ci']);
  });

  it('honours CSV quoting (a quoted field with a comma is one field)', () => {
    const quoted = BOTH_KEYS.replace(
      'arn:aws:iam::111122223333:user/automation/ci',
      '"arn:aws:iam::111122223333:user/a,b"',
    );
    const { rows } = parseCredentialReport(`${HEADER}\n${quoted}\n`);
    expect(rows[0]!.arn).toBe('arn:aws:iam::111122223333:user/a,b');
    expect(rows[0]!.accessKeys[0].active).toBe(true);
  });

  it('a header-only report has no rows', () => {
    expect(parseCredentialReport(`${HEADER}\n`).rows).toEqual([]);
  });

  it.each([
    ['empty input', '', /empty/],
    ['a missing column', HEADER.replace(',mfa_active', '') + '\n', /lacks column\(s\) mfa_active/],
    ['a row with too few fields', `${HEADER}\nalice,arn:aws:iam::111122223333:user/alice\n`, /not valid CSV/],
    ['an unterminated quote', `${HEADER}\n"alice,${ROOT}\n`, /not valid CSV/],
    [
      'a bad date',
      `${HEADER}\n${BOTH_KEYS.replace('2025-04-01T06:00:00+00:00', 'yesterday')}\n`,
      /line 2, access_key_1_last_rotated: expected a date/,
    ],
    [
      'a bad boolean',
      `${HEADER}\n${ROOT.replace(',true,false', ',yes,false')}\n`,
      /line 2, mfa_active: expected true or false/,
    ],
  ])('refuses %s with a CredentialReportError naming the problem', (_name, text, message) => {
    expect(() => parseCredentialReport(text)).toThrow(CredentialReportError);
    expect(() => parseCredentialReport(text)).toThrow(message);
  });
});
