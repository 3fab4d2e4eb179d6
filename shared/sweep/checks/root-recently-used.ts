import { dateOf } from '../credential-report.js';
import { HygieneCheckId } from '../hygiene-check-ids.js';
import { day, daysBetween, type HygieneCheckDefinition, latest } from '../hygiene-item.js';

export const rootRecentlyUsed: HygieneCheckDefinition = {
  id: HygieneCheckId.RootRecentlyUsed,
  title: 'Root user used recently',
  severity: 'high',
  rationale:
    'Use the root user only for the few tasks that require it; daily work goes through federated roles. Check who used it and why.',
  defaultMode: 'alert',
  subject: 'root',
  evaluate: (row, input) => {
    const uses = [
      { how: 'password sign-in', at: dateOf(row.passwordLastUsed) },
      ...row.accessKeys.map((key) => ({ how: `access key ${key.slot}`, at: dateOf(key.lastUsed) })),
    ];
    const last = latest(uses.map((use) => use.at));
    const days = input.settings.rootRecentUseDays;
    if (!last || daysBetween(last, input.now) >= days) return [];
    const how = uses.find((use) => use.at?.getTime() === last.getTime())!.how;
    return [
      {
        check: HygieneCheckId.RootRecentlyUsed,
        account: row.account,
        principal: 'root',
        fingerprint: last.toISOString(),
        target: { type: 'user', name: row.user, arn: row.arn },
        summary: `The root user was used on ${day(last)} (${how}), within the last ${days} days`,
      },
    ];
  },
};
