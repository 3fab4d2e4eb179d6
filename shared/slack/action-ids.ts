/**
 * The Slack interactive action ids Warden puts on buttons (the one table;
 * never scattered strings). A message's buttons carry `<id>:<n>` as
 * `action_id` (n = the action's 1-based position, so ids stay unique in a
 * message) and only an action id or finding id as `value`.
 */
export const SlackActionId = {
  /** value: action id — approve a pending remediation. */
  Approve: 'approve',
  /** value: action id — dismiss a pending remediation. */
  Dismiss: 'dismiss',
  /** value: action id — snooze a pending remediation (and its repeats) for 24 h. */
  Snooze: 'snooze',
  /** value: action id — undo an applied remediation. */
  Undo: 'undo',
  /** value: finding id — mark an alert-only finding as an expected change (suppress repeats). */
  ExpectedChange: 'expected-change',
} as const;

export type SlackActionId = (typeof SlackActionId)[keyof typeof SlackActionId];

const IDS: readonly string[] = Object.values(SlackActionId);

export function isSlackActionId(value: unknown): value is SlackActionId {
  return typeof value === 'string' && IDS.includes(value);
}

/** The `action_id` of the button for `id` on the action at 1-based position `n`. */
export function buttonActionId(id: SlackActionId, n: number): string {
  return `${id}:${n}`;
}

/** The Warden action id behind a button's `action_id` (`approve:1` or plain `approve`); undefined when not Warden's. */
export function slackActionIdOf(actionId: string): SlackActionId | undefined {
  const base = /^([a-z-]+)(?::\d+)?$/.exec(actionId)?.[1];
  return isSlackActionId(base) ? base : undefined;
}
