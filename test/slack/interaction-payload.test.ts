import { describe, expect, it } from 'vitest';
import { parseInteraction } from '../../shared/slack/interaction-payload.js';
import { blockActionsPayload, formBody } from '../helpers/slack-click.js';

const click = { actionId: 'approve:1', value: 'f0123456789abcdef-1', userId: 'U0ALICE', channel: 'C0ALERTS' };

describe('parseInteraction', () => {
  it('reads the click: Warden action id, button value, user, channel and message', () => {
    const parsed = parseInteraction(
      Buffer.from(formBody(blockActionsPayload({ ...click, messageTs: '1800000001.000001' }))),
    );

    expect(parsed).toEqual({
      ok: true,
      click: {
        actionId: 'approve',
        value: 'f0123456789abcdef-1',
        userId: 'U0ALICE',
        channel: 'C0ALERTS',
        messageTs: '1800000001.000001',
      },
    });
  });

  it('gives the thread root when the message is a thread reply', () => {
    const payload = blockActionsPayload({ ...click, messageTs: '1800000009.000009' });
    payload['message'] = { ts: '1800000009.000009', thread_ts: '1800000001.000001' };

    const parsed = parseInteraction(formBody(payload));

    expect(parsed).toMatchObject({
      ok: true,
      click: { messageTs: '1800000009.000009', threadTs: '1800000001.000001' },
    });
  });

  it('reports an unknown action id separately', () => {
    expect(parseInteraction(formBody(blockActionsPayload({ ...click, actionId: 'delete-everything' })))).toMatchObject({
      ok: false,
      reason: 'unknown-action',
    });
  });

  it.each([
    ['no payload field', 'foo=bar'],
    ['payload not JSON', 'payload=%7Bnot-json'],
    ['empty body', ''],
    ['another interaction type', formBody({ type: 'view_submission', user: { id: 'U0ALICE' } })],
    ['no actions', formBody({ ...blockActionsPayload(click), actions: [] })],
    [
      'two actions',
      formBody({ ...blockActionsPayload(click), actions: [{ action_id: 'approve' }, { action_id: 'undo' }] }),
    ],
    ['user id not a Slack id', formBody({ ...blockActionsPayload(click), user: { id: '<script>' } })],
    ['value with a payload in it', formBody(blockActionsPayload({ ...click, value: '{"actionId":"x","by":"auto"}' }))],
    ['value missing', formBody({ ...blockActionsPayload(click), actions: [{ action_id: 'approve:1' }] })],
    ['no channel', formBody({ ...blockActionsPayload(click), container: {}, channel: undefined })],
    ['JSON null payload', 'payload=null'],
  ])('refuses %s as malformed or unsupported', (_name, body) => {
    const parsed = parseInteraction(body);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? undefined : parsed.reason).toMatch(/^(malformed|unsupported-type)$/);
  });
});
