/**
 * Runs the sweep's checks (`hygiene-checks.ts`, one file each) over one
 * credential report plus the live facts when available. Pure: the same input
 * gives the same items, in report order.
 */
import { type CredentialReportRow, dateOf, type ReportAccessKey } from './credential-report.js';
import { HYGIENE_CHECK_LIST } from './hygiene-checks.js';
import {
  daysBetween,
  type HygieneCheckDefinition,
  type HygieneInput,
  type HygieneItem,
  item,
  type ItemSpec,
  type UserFacts,
  type UserKey,
} from './hygiene-item.js';

export type { HygieneInput, HygieneItem, RoleUsage, SweepSettings, UserFacts } from './hygiene-item.js';

/**
 * Maps the report's key slots to key ids. The report gives no ids, only
 * `access_key_N_last_rotated`, which is the key's creation time (to the
 * second); ListAccessKeys gives ids with `CreateDate`. A slot takes the key
 * created in the same second; failing that (clock rounding), the keys sorted
 * by creation date fill the slots in order, oldest in slot 1.
 */
export function keyIdForSlot(key: ReportAccessKey, facts: UserFacts | undefined): string | undefined {
  const rotated = dateOf(key.lastRotated);
  if (!facts || !rotated) return undefined;
  const second = Math.floor(rotated.getTime() / 1000);
  const exact = facts.accessKeys.filter((k) => Math.floor(k.createDate.getTime() / 1000) === second);
  if (exact.length === 1) return exact[0]!.id;
  const candidates =
    exact.length > 1 ? exact : [...facts.accessKeys].sort((a, b) => a.createDate.getTime() - b.createDate.getTime());
  return candidates[key.slot - 1]?.id;
}

type Subject = HygieneCheckDefinition['subject'];
type CheckOf<S extends Subject> = Extract<HygieneCheckDefinition, { readonly subject: S }>;

function checksOf<S extends Subject>(subject: S): readonly CheckOf<S>[] {
  return HYGIENE_CHECK_LIST.filter((check): check is CheckOf<S> => check.subject === subject);
}

const ROOT_CHECKS = checksOf('root');
const KEY_CHECKS = checksOf('user-key');
const ROLE_CHECKS = checksOf('role');

export function evaluateHygiene(input: HygieneInput): HygieneItem[] {
  const items: HygieneItem[] = [];
  const report = (check: HygieneCheckDefinition, specs: readonly ItemSpec[]) => {
    for (const spec of specs) items.push(item(check, spec, input));
  };
  for (const row of input.report.rows) {
    if (row.isRoot) for (const check of ROOT_CHECKS) report(check, check.evaluate(row, input));
    else userChecks(row, input, report);
  }
  for (const role of input.roles ?? []) for (const check of ROLE_CHECKS) report(check, check.evaluate(role, input));
  return items;
}

/** A user's checks in list order; at the first key check, the key checks run once per active key. */
function userChecks(
  row: CredentialReportRow,
  input: HygieneInput,
  report: (check: HygieneCheckDefinition, specs: readonly ItemSpec[]) => void,
): void {
  const facts = input.users?.get(row.user);
  for (const check of HYGIENE_CHECK_LIST) {
    if (check.subject === 'user') report(check, check.evaluate(row, input, facts));
    if (check !== KEY_CHECKS[0]) continue;
    for (const key of activeKeys(row, input, facts)) {
      for (const keyCheck of KEY_CHECKS) report(keyCheck, keyCheck.evaluate(key, input));
    }
  }
}

function activeKeys(row: CredentialReportRow, input: HygieneInput, facts: UserFacts | undefined): UserKey[] {
  return row.accessKeys.flatMap((key): UserKey[] => {
    const created = dateOf(key.lastRotated);
    if (!key.active || !created) return [];
    const keyId = keyIdForSlot(key, facts);
    const ageDays = daysBetween(created, input.now);
    const used = dateOf(key.lastUsed);
    return [
      {
        row,
        key,
        created,
        ...(keyId ? { keyId } : {}),
        ageDays,
        ...(used ? { used } : {}),
        idleDays: used ? daysBetween(used, input.now) : ageDays,
        target: {
          type: 'access-key',
          name: row.user,
          arn: row.arn,
          keySlot: key.slot,
          ...(keyId ? { id: keyId } : {}),
        },
        label: keyId ? `${keyId} (key ${key.slot})` : String(key.slot),
        part: `key@${created.toISOString()}`,
        ...(keyId ? {} : { notes: ['The key id is not known offline (the report has slots, not ids).'] }),
      },
    ];
  });
}
