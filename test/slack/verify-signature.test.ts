import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { slackSignature, verifySlackSignature } from '../../shared/slack/verify-signature.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = new Date('2026-11-22T10:00:00Z');
const TS = String(NOW.getTime() / 1000);
const BODY = 'payload=%7B%22type%22%3A%22block_actions%22%7D';

const sign = (body: string | Buffer, ts = TS, secret = SECRET) =>
  `v0=${createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest('hex')}`;

const check = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) =>
  verifySlackSignature({
    signingSecret: SECRET,
    timestamp: TS,
    signature: sign(BODY),
    rawBody: BODY,
    now: NOW,
    ...overrides,
  });

describe('verifySlackSignature', () => {
  it('accepts the v0 HMAC-SHA256 of v0:timestamp:body, as string or bytes', () => {
    expect(check()).toEqual({ ok: true });
    expect(check({ rawBody: Buffer.from(BODY) })).toEqual({ ok: true });
    expect(slackSignature(SECRET, TS, BODY)).toBe(sign(BODY));
  });

  it("matches Slack's documented example", () => {
    // https://api.slack.com/authentication/verifying-requests-from-slack
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(
      verifySlackSignature({
        signingSecret: SECRET,
        timestamp: '1531420618',
        signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
        rawBody: body,
        now: new Date(1531420618 * 1000 + 60_000),
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a forged signature, another secret, and a body changed after signing', () => {
    expect(check({ signature: `v0=${'0'.repeat(64)}` })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check({ signature: sign(BODY, TS, 'another-secret') })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check({ rawBody: `${BODY}&x=1` })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check({ signingSecret: '' })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses everything when no signing secret is configured, even a request signed with the empty string', () => {
    // Anyone can compute the HMAC with an empty key: an unset secret must not turn into a known one.
    expect(check({ signingSecret: '', signature: sign(BODY, TS, '') })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('accepts the hex digest in either case, and nothing around it', () => {
    expect(check({ signature: sign(BODY).toUpperCase() })).toEqual({ ok: true });
    expect(check({ signature: `x${sign(BODY)}` })).toEqual({ ok: false, reason: 'malformed-header' });
    expect(check({ signature: ` ${sign(BODY)}` })).toEqual({ ok: false, reason: 'malformed-header' });
    expect(check({ timestamp: `x${TS}`, signature: sign(BODY, `x${TS}`) })).toEqual({
      ok: false,
      reason: 'malformed-header',
    });
    expect(check({ timestamp: `${TS}x`, signature: sign(BODY, `${TS}x`) })).toEqual({
      ok: false,
      reason: 'malformed-header',
    });
  });

  it('refuses a signature made for another timestamp', () => {
    const other = String(Number(TS) - 10);
    expect(check({ timestamp: other })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses timestamps more than five minutes away, either side, even with a valid signature', () => {
    const at = (seconds: number) => {
      const ts = String(Number(TS) + seconds);
      return check({ timestamp: ts, signature: sign(BODY, ts) });
    };
    expect(at(-300)).toEqual({ ok: true });
    expect(at(300)).toEqual({ ok: true });
    expect(at(-301)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(at(301)).toEqual({ ok: false, reason: 'stale-timestamp' });
  });

  it('refuses missing and malformed headers', () => {
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing-header' });
    expect(check({ timestamp: '' })).toEqual({ ok: false, reason: 'missing-header' });
    expect(check({ timestamp: '1e9' })).toEqual({ ok: false, reason: 'malformed-header' });
    expect(check({ signature: 'v1=abc' })).toEqual({ ok: false, reason: 'malformed-header' });
    expect(check({ signature: `${sign(BODY)}00` })).toEqual({ ok: false, reason: 'malformed-header' });
  });
});
