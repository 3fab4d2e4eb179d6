/**
 * Builds the requests Slack sends when someone clicks a button: the
 * `block_actions` payload, url-encoded in a `payload` field, signed with the
 * app's signing secret (v0 HMAC-SHA256) at a given time.
 */
import { slackSignature } from '../../shared/slack/verify-signature.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const CHANNEL = 'C0ALERTS';

export interface ClickInput {
  /** The button's `action_id` (e.g. `approve:1`). */
  readonly actionId: string;
  readonly value: string;
  readonly userId: string;
  readonly channel?: string;
  readonly messageTs?: string;
}

/** Every click gets its own trigger id and action time, as in Slack (a replay repeats them). */
let clicks = 0;

/** The `block_actions` payload Slack posts for one button click. */
export function blockActionsPayload(input: ClickInput): Record<string, unknown> {
  clicks += 1;
  const channel = input.channel ?? CHANNEL;
  const ts = input.messageTs ?? '1800000001.000001';
  return {
    type: 'block_actions',
    user: { id: input.userId, username: input.userId.toLowerCase(), team_id: 'T0FAKE' },
    api_app_id: 'A0WARDEN',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: `123.456.${clicks}`,
    team: { id: 'T0FAKE', domain: 'fake' },
    channel: { id: channel, name: 'security-alerts' },
    message: { type: 'message', ts, text: 'finding' },
    response_url: 'https://hooks.slack.com/actions/T0FAKE/1/abc',
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: 'buttons:1',
        text: { type: 'plain_text', text: 'Approve' },
        value: input.value,
        action_ts: `1800000002.${String(clicks).padStart(6, '0')}`,
      },
    ],
  };
}

/** The form body Slack sends: `payload=<url-encoded JSON>`. */
export function formBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function signedHeaders(body: string, at: Date, secret = SIGNING_SECRET): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': slackSignature(secret, timestamp, body),
  };
}

export interface SignedRequest {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** A click as Slack would send it at `at`. */
export function signedClick(input: ClickInput, at: Date, secret = SIGNING_SECRET): SignedRequest {
  const body = formBody(blockActionsPayload(input));
  return { body, headers: signedHeaders(body, at, secret) };
}

/** POSTs a request to the adapter's `/slack/interactions`. */
export async function post(baseUrl: string, request: SignedRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}/slack/interactions`, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, text: await response.text() };
}
