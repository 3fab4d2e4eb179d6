import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActionLogger } from '../../shared/actions/action.js';
import type { Decision } from '../../shared/model/decision.js';
import type { ActionNotice } from '../../shared/model/notices.js';
import type { Finding } from '../../shared/model/finding.js';
import { WardenConfigSchema } from '../../shared/settings/warden-config.js';
import type { SlackCredentialsSource } from '../../shared/slack/slack-credentials.js';
import { findingRenderSettings } from '../../shared/slack/render-finding.js';
import { slackGateway, type SlackGatewayOptions, snsSubject } from '../../shared/slack/slack-gateway.js';
import { slackNotifier } from '../../shared/slack/slack-notifier.js';
import type { ActionStatus } from '../../shared/model/action-status.js';
import type { ActionRecord } from '../../shared/model/records.js';
import { FAKE_SLACK_TOKEN, type SlackCall, useFakeSlackServer } from '../helpers/fake-slack-server.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { sampleFinding } from '../helpers/sample-finding.js';
import { snsTopicQueue, type SnsTopicQueue } from '../helpers/sns-topic-queue.js';

const slack = useFakeSlackServer();
const moto = useMotoServer();

const CONFIG = v.parse(WardenConfigSchema, {
  slack: { channels: { default: 'security-alerts', critical: 'sec-critical' }, onCallUserGroup: 'S0ONCALL' },
});

const credentials = (botToken = FAKE_SLACK_TOKEN): SlackCredentialsSource => ({
  get: async () => ({ botToken, signingSecret: 'signing-secret' }),
});

function recordingLogger() {
  const lines: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  const logger: ActionLogger = {
    info: (message, extra) => lines.push({ level: 'info', message, ...(extra ? { extra } : {}) }),
    warn: (message, extra) => lines.push({ level: 'warn', message, ...(extra ? { extra } : {}) }),
  };
  return { logger, lines };
}

function actionOf(finding: Finding, status: ActionStatus, extra: Partial<ActionRecord> = {}): ActionRecord {
  const step = finding.remediation[0]!;
  return {
    id: `${finding.id}-1`,
    findingId: finding.id,
    kind: step.kind,
    params: step.params,
    account: '123456789012',
    status,
    mode: 'approve',
    createdAt: '2026-11-01T10:00:05.000Z',
    changedBy: 'warden',
    changedAt: '2026-11-01T10:00:05.000Z',
    version: 0,
    ...extra,
  } as ActionRecord;
}

const decision = (severity: Finding['severity'], mode: Decision['mode'] = 'approve'): Decision => ({
  notify: true,
  severity,
  mode,
  dryRun: false,
  steps: [],
  notes: [],
});

let topic: SnsTopicQueue;
let stored: ActionRecord[];
let log: ReturnType<typeof recordingLogger>;
const slept: number[] = [];

beforeEach(async () => {
  topic = await snsTopicQueue(moto.server.clientOptions);
  stored = [];
  log = recordingLogger();
  slept.length = 0;
});

function notifier(overrides: Partial<SlackGatewayOptions> = {}) {
  const gateway = slackGateway({
    credentials: credentials(),
    fallback: { sns: topic.sns, topicArn: topic.topicArn },
    logger: log.logger,
    slackApiUrl: slack.server.url,
    retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...overrides,
  });
  return slackNotifier({
    gateway,
    config: CONFIG,
    render: findingRenderSettings(CONFIG),
    store: { listActions: async () => stored },
  });
}

const buttonIds = (call: SlackCall | undefined) =>
  ((call?.args['blocks'] ?? []) as { type: string; elements?: { action_id: string; value: string }[] }[])
    .filter((block) => block.type === 'actions')
    .flatMap((block) => block.elements!.map((element) => [element.action_id, element.value]));

describe('slackNotifier: findingRaised', () => {
  it('posts a critical finding to the critical channel with Approve, mentioning on-call, and returns where it went', async () => {
    const finding = sampleFinding();
    const pending = actionOf(finding, 'pending-approval');

    const ref = await notifier().findingRaised({ finding, decision: decision('critical'), actions: [pending] });

    const [post] = slack.server.callsTo('chat.postMessage');
    expect(post?.args['channel']).toBe('sec-critical');
    expect(post?.token).toBe(FAKE_SLACK_TOKEN);
    expect(ref).toEqual({ channel: slack.server.channelId('sec-critical'), ts: slack.server.messages()[0]!.ts });
    expect(String(post?.args['text'])).toMatch(/^<!subteam\^S0ONCALL> \[CRITICAL\]/);
    expect(buttonIds(post)).toEqual([
      ['approve:1', pending.id],
      ['dismiss:1', pending.id],
      ['snooze:1', pending.id],
    ]);
    expect(await topic.received()).toEqual([]);
  });

  it('posts other severities to their channel or the default one, without the on-call mention', async () => {
    await notifier().findingRaised({
      finding: sampleFinding({ severity: 'high' }),
      decision: decision('high', 'alert'),
      actions: [],
    });
    const [post] = slack.server.callsTo('chat.postMessage');
    expect(post?.args['channel']).toBe('security-alerts');
    expect(JSON.stringify(post?.args)).not.toContain('subteam');
  });

  it('posts a continued root session as a thread reply under the first message and changes nothing else', async () => {
    const first = sampleFinding({
      id: 'f-root-1',
      ruleId: 'root.console-login',
      severity: 'critical',
      remediation: [],
    });
    const later = sampleFinding({ id: 'f-root-2', ruleId: 'root.api-call', severity: 'high', remediation: [] });
    const n = notifier();
    const parent = await n.findingRaised({ finding: first, decision: decision('critical', 'alert'), actions: [] });

    const reply = await n.findingRaised({
      finding: later,
      decision: decision('high', 'alert'),
      actions: [],
      thread: { findingId: first.id, slack: parent! },
    });

    const messages = slack.server.messages();
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatchObject({ channel: parent!.channel, threadTs: parent!.ts });
    expect(reply).toEqual({ channel: parent!.channel, ts: messages[1]!.ts });
    expect(messages[0]!.updates).toBe(0);
    expect(slack.server.calls.map((call) => call.method)).toEqual(['chat.postMessage', 'chat.postMessage']);
  });

  it('falls back to SNS when Slack answers 500 beyond the retries, and returns no Slack ref', async () => {
    slack.server.failNext(3, { status: 500 });
    const finding = sampleFinding();

    const ref = await notifier().findingRaised({
      finding,
      decision: decision('critical'),
      actions: [actionOf(finding, 'pending-approval')],
    });

    expect(ref).toBeUndefined();
    expect(slack.server.calls.map((call) => call.status)).toEqual([500, 500, 500]);
    const [delivery, ...more] = await topic.received();
    expect(more).toEqual([]);
    expect(delivery?.subject).toBe('Warden CRITICAL: Administrator-equivalent policy attached');
    expect(delivery?.message).toContain('mallory attached AdministratorAccess to user bob');
    expect(delivery?.message).toContain('Detach AdministratorAccess from user bob');
    expect(delivery?.message).toContain('Waiting for approval');
    expect(delivery?.message).toContain('HTTP 500');
    expect(delivery?.message).not.toContain(FAKE_SLACK_TOKEN);
    expect(log.lines.find((line) => line.message === 'slack delivery failed')?.extra?.['text']).toContain(
      'mallory attached AdministratorAccess',
    );
  });

  it('does not wait for a 429 asking for more than the bound: straight to SNS', async () => {
    slack.server.failNext(1, { status: 429, retryAfter: 30 });

    const ref = await notifier().findingRaised({
      finding: sampleFinding(),
      decision: decision('critical', 'alert'),
      actions: [],
    });

    expect(ref).toBeUndefined();
    expect(slept).toEqual([]);
    expect(slack.server.calls).toHaveLength(1);
    expect((await topic.received())[0]?.message).toContain('rate limited (retry after 30 s)');
  });

  it('waits once for a short Retry-After and then delivers to Slack', async () => {
    slack.server.failNext(1, { status: 429, retryAfter: 1 });

    const ref = await notifier().findingRaised({
      finding: sampleFinding(),
      decision: decision('critical', 'alert'),
      actions: [],
    });

    expect(slept).toEqual([1000]);
    expect(ref?.ts).toBe(slack.server.messages()[0]?.ts);
    expect(await topic.received()).toEqual([]);
  });

  it('falls back to SNS on invalid_auth', async () => {
    const ref = await notifier({ credentials: credentials('xoxb-revoked') }).findingRaised({
      finding: sampleFinding(),
      decision: decision('critical', 'alert'),
      actions: [],
    });
    expect(ref).toBeUndefined();
    expect((await topic.received())[0]?.message).toContain('Slack error invalid_auth');
  });
});

describe('slackNotifier: actionCompleted', () => {
  async function raised(finding: Finding) {
    const pending = actionOf(finding, 'pending-approval');
    const ref = await notifier().findingRaised({ finding, decision: decision('critical'), actions: [pending] });
    return { ref: ref!, pending };
  }

  it('updates the message to the new state (Undo) and adds a thread line', async () => {
    const finding = sampleFinding();
    const { ref, pending } = await raised(finding);
    const applied = actionOf(finding, 'applied', {
      changedBy: 'U0APPROVER',
      changedAt: '2026-11-01T10:07:00.000Z',
      result: 'Detached AdministratorAccess from user bob',
      version: 2,
    });
    stored = [pending]; // the list read lags behind the transition
    const notice: ActionNotice = {
      finding: { ...finding, slack: ref },
      action: applied,
      operation: 'apply',
      requestedBy: 'U0APPROVER',
      outcome: 'Detached AdministratorAccess from user bob',
    };

    await notifier().actionCompleted(notice);

    const [update] = slack.server.callsTo('chat.update');
    expect(update?.args).toMatchObject({ channel: ref.channel, ts: ref.ts });
    expect(buttonIds(update)).toEqual([['undo:1', applied.id]]);
    // The update is the same rendering as the first message: the on-call mention stays.
    expect(String(update?.args['text'])).toMatch(/^<!subteam\^S0ONCALL> \[CRITICAL\]/);
    const [message, line] = slack.server.messages();
    expect(message!.updates).toBe(1);
    expect(line).toMatchObject({ channel: ref.channel, threadTs: ref.ts });
    expect(line!.text).toContain('Detach AdministratorAccess from user bob');
    expect(line!.text).toContain('<@U0APPROVER>');
    expect(line!.text).toContain('*applied*');
    expect(line!.text).toContain('<!date^');
    expect(await topic.received()).toEqual([]);
  });

  it('shows a status line and no buttons once undone', async () => {
    const finding = sampleFinding();
    const { ref } = await raised(finding);
    const undone = actionOf(finding, 'undone', { changedBy: 'U0APPROVER', result: 'Re-attached it' });

    await notifier().actionCompleted({
      finding: { ...finding, slack: ref },
      action: undone,
      operation: 'undo',
      requestedBy: 'U0APPROVER',
      outcome: 'Re-attached it',
    });

    const [update] = slack.server.callsTo('chat.update');
    expect(buttonIds(update)).toEqual([]);
    expect(JSON.stringify(update?.args['blocks'])).toContain('Undone by <@U0APPROVER>');
    expect(slack.server.messages()[1]!.text).toContain('Undo of Detach AdministratorAccess');
  });

  it('sends the outcome to SNS when Slack is down', async () => {
    const finding = sampleFinding();
    const { ref } = await raised(finding);
    slack.server.failNext(3, { status: 500 });

    await notifier().actionCompleted({
      finding: { ...finding, slack: ref },
      action: actionOf(finding, 'failed', { reason: 'user bob no longer exists' }),
      operation: 'apply',
      requestedBy: 'auto',
      outcome: 'Failed: user bob no longer exists',
    });

    const [delivery] = await topic.received();
    expect(delivery?.subject).toBe('Warden: failed - Administrator-equivalent policy attached');
    expect(delivery?.message).toContain('Failed: user bob no longer exists');
    expect(delivery?.message).toContain('Warden (automatic)');
  });

  it('posts the current state when the first message never reached Slack', async () => {
    const finding = sampleFinding();
    await notifier().actionCompleted({
      finding,
      action: actionOf(finding, 'applied', { changedBy: 'auto', result: 'Detached' }),
      operation: 'apply',
      requestedBy: 'auto',
      outcome: 'Detached',
    });
    const [message, line] = slack.server.messages();
    expect(message).toMatchObject({ channel: slack.server.channelId('sec-critical') });
    expect(line).toMatchObject({ threadTs: message!.ts });
  });
});

describe('slackNotifier: postDigest', () => {
  const digest = {
    text: 'IAM hygiene: 2 open items',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*2 open items*: key 1 of alice is 120 days old' } }],
  } as const;

  it('posts the sweep digest to the given channel and returns where it went', async () => {
    const ref = await notifier().postDigest(digest, 'sec-hygiene');

    const [post] = slack.server.callsTo('chat.postMessage');
    expect(post?.args['channel']).toBe('sec-hygiene');
    expect(post?.args['text']).toBe('IAM hygiene: 2 open items');
    expect(ref).toEqual({ channel: slack.server.channelId('sec-hygiene'), ts: slack.server.messages()[0]!.ts });
  });

  it('sends the digest to SNS when Slack is down', async () => {
    slack.server.failNext(3, { status: 500 });

    const ref = await notifier().postDigest(digest, 'sec-hygiene');

    expect(ref).toBeUndefined();
    const [delivery] = await topic.received();
    expect(delivery?.subject).toBe('Warden: IAM hygiene digest');
    expect(delivery?.message).toContain('key 1 of alice is 120 days old');
  });
});

describe('snsSubject', () => {
  it('keeps SNS subjects printable ASCII on one line within 100 characters', () => {
    const subject = snsSubject(`Warden CRITICAL: ${'é'.repeat(5)} trail “x”\n${'y'.repeat(200)}`);
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toMatch(/^[\x20-\x7E]+$/);
    expect(subject.startsWith('Warden CRITICAL: eeeee trail x y')).toBe(true);
  });
});
