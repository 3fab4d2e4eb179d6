import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: a request signed longer ago (or further ahead) than this is refused. */
export const SLACK_SIGNATURE_MAX_AGE_SECONDS = 5 * 60;

export interface SlackSignatureInput {
  readonly signingSecret: string;
  /** `X-Slack-Request-Timestamp` (Unix seconds). */
  readonly timestamp: string | undefined;
  /** `X-Slack-Signature` (`v0=` + 64 hex digits). */
  readonly signature: string | undefined;
  /** The exact request body bytes as Slack sent them — before any decoding or parsing. */
  readonly rawBody: Uint8Array | string;
  readonly now: Date;
}

export type SlackSignatureFailure = 'missing-header' | 'malformed-header' | 'stale-timestamp' | 'bad-signature';

export type SlackSignatureCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: SlackSignatureFailure };

const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: Uint8Array | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * the timestamp must be within five minutes of `now` (in either direction, so
 * a captured request cannot be replayed later), and the signature must equal
 * the HMAC of the raw body, compared in constant time.
 */
export function verifySlackSignature(input: SlackSignatureInput): SlackSignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing-header' };
  if (!TIMESTAMP.test(timestamp) || !SIGNATURE.test(signature.toLowerCase())) {
    return { ok: false, reason: 'malformed-header' };
  }
  const ageSeconds = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (!(ageSeconds <= SLACK_SIGNATURE_MAX_AGE_SECONDS)) return { ok: false, reason: 'stale-timestamp' };
  if (!input.signingSecret) return { ok: false, reason: 'bad-signature' };
  const expected = Buffer.from(slackSignature(input.signingSecret, timestamp, input.rawBody), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { ok: true }
    : { ok: false, reason: 'bad-signature' };
}
