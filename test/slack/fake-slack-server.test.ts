import { ErrorCode, WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { FAKE_SLACK_TOKEN, useFakeSlackServer } from '../helpers/fake-slack-server.js';

const slack = useFakeSlackServer({ userGroups: { S0ONCALL: ['U0ALICE', 'U0BOB'] } });

function client(token = FAKE_SLACK_TOKEN) {
  return new WebClient(token, {
    slackApiUrl: slack.server.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
}

describe('fake Slack server', () => {
  it('posts, threads and updates messages, recording every call with its token', async () => {
    const web = client();
    const posted = await web.chat.postMessage({
      channel: 'security-alerts',
      text: 'hello',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }],
    });
    expect(posted.channel).toBe(slack.server.channelId('security-alerts'));
    await web.chat.postMessage({ channel: posted.channel!, thread_ts: posted.ts!, text: 'reply' });
    await web.chat.update({ channel: posted.channel!, ts: posted.ts!, text: 'changed', blocks: [] });

    const [first, reply] = slack.server.messages();
    expect(first).toMatchObject({ ts: posted.ts, text: 'changed', blocks: [], updates: 1 });
    expect(reply).toMatchObject({ threadTs: posted.ts, text: 'reply' });
    const post = slack.server.callsTo('chat.postMessage')[0]!;
    expect(post.token).toBe(FAKE_SLACK_TOKEN);
    expect(post.args['blocks']).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }]);
    expect(post.args).not.toHaveProperty('token');
  });

  it('answers user groups, users, channels and auth.test', async () => {
    const web = client();
    expect((await web.usergroups.users.list({ usergroup: 'S0ONCALL' })).users).toEqual(['U0ALICE', 'U0BOB']);
    expect((await web.users.info({ user: 'U0ALICE' })).user?.id).toBe('U0ALICE');
    const posted = await web.chat.postMessage({ channel: 'alerts', text: 'x' });
    expect((await web.conversations.info({ channel: posted.channel! })).channel?.name).toBe('alerts');
    expect((await web.auth.test()).ok).toBe(true);
    await expect(web.usergroups.users.list({ usergroup: 'S0NOPE' })).rejects.toMatchObject({
      data: { error: 'no_such_subteam' },
    });
  });

  it('rejects an unknown token with invalid_auth', async () => {
    await expect(client('xoxb-wrong').auth.test()).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'invalid_auth' },
    });
  });

  it('answers 429 with Retry-After and 500 for the next calls, then recovers', async () => {
    const web = client();
    slack.server.failNext(1, { status: 429, retryAfter: 7 });
    slack.server.failNext(1, { status: 500 });
    await expect(web.auth.test()).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    await expect(web.auth.test()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    expect((await web.auth.test()).ok).toBe(true);
    expect(slack.server.calls.map((call) => call.status)).toEqual([429, 500, 200]);
  });
});
