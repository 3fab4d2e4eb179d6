import * as v from 'valibot';
import { type SlackActionId, slackActionIdOf } from './action-ids.js';

/**
 * Slack's interactivity request: an `application/x-www-form-urlencoded` body
 * whose `payload` field is JSON. Warden only handles `block_actions` from its
 * own message buttons; the fields read are validated, the rest ignored.
 */

/** Button values carry only an action id or a finding id. */
const idValue = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/));
const slackId = v.pipe(v.string(), v.regex(/^[A-Z0-9]{2,32}$/));
const messageTs = v.pipe(v.string(), v.regex(/^\d{1,12}\.\d{1,9}$/));

const BlockActionsSchema = v.object({
  type: v.literal('block_actions'),
  user: v.object({ id: slackId }),
  team: v.optional(v.nullable(v.object({ id: v.optional(v.string()) }))),
  channel: v.optional(v.object({ id: slackId })),
  container: v.optional(
    v.object({
      channel_id: v.optional(slackId),
      message_ts: v.optional(messageTs),
    }),
  ),
  message: v.optional(v.object({ ts: v.optional(messageTs), thread_ts: v.optional(messageTs) })),
  actions: v.pipe(
    v.array(
      v.object({
        action_id: v.pipe(v.string(), v.maxLength(255)),
        value: v.optional(v.string()),
        action_ts: v.optional(v.string()),
      }),
    ),
    v.length(1),
  ),
});

/** One button click, as the interaction handler needs it. */
export interface ButtonClick {
  readonly actionId: SlackActionId;
  /** The button's value: an action id or a finding id. */
  readonly value: string;
  readonly userId: string;
  readonly channel: string;
  /** The message the button was on. */
  readonly messageTs?: string;
  /** The thread root, when that message is itself a thread reply. */
  readonly threadTs?: string;
}

export type InteractionParse =
  | { readonly ok: true; readonly click: ButtonClick }
  | {
      readonly ok: false;
      readonly reason: 'malformed' | 'unsupported-type' | 'unknown-action';
      readonly detail: string;
    };

function payloadJson(rawBody: Uint8Array | string): unknown {
  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  const payload = new URLSearchParams(text).get('payload');
  if (payload === null) return undefined;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return undefined;
  }
}

/** Parses a verified interactivity body; never throws. */
export function parseInteraction(rawBody: Uint8Array | string): InteractionParse {
  const json = payloadJson(rawBody);
  if (json === undefined) return { ok: false, reason: 'malformed', detail: 'no JSON payload field' };
  const type = json && typeof json === 'object' ? (json as { type?: unknown }).type : undefined;
  if (type !== 'block_actions') {
    return { ok: false, reason: 'unsupported-type', detail: `type ${String(type).slice(0, 40)}` };
  }
  const parsed = v.safeParse(BlockActionsSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return { ok: false, reason: 'malformed', detail: `${v.getDotPath(issue) ?? '?'}: ${issue.message}` };
  }
  const payload = parsed.output;
  const action = payload.actions[0]!;
  const actionId = slackActionIdOf(action.action_id);
  if (!actionId) return { ok: false, reason: 'unknown-action', detail: action.action_id.slice(0, 64) };
  const value = v.safeParse(idValue, action.value);
  if (!value.success) return { ok: false, reason: 'malformed', detail: 'button value is not an id' };
  const channel = payload.container?.channel_id ?? payload.channel?.id;
  if (!channel) return { ok: false, reason: 'malformed', detail: 'no channel' };
  const ts = payload.container?.message_ts ?? payload.message?.ts;
  const threadTs = payload.message?.thread_ts;
  return {
    ok: true,
    click: {
      actionId,
      value: value.output,
      userId: payload.user.id,
      channel,
      ...(ts ? { messageTs: ts } : {}),
      ...(threadTs && threadTs !== ts ? { threadTs } : {}),
    },
  };
}
