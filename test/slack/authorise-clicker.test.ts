import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/model/finding.js';
import {
  actorPerson,
  authoriseClicker,
  cachedSlackDirectory,
  ssoUserNameOf,
  type SlackDirectory,
  type SlackIdentity,
} from '../../shared/slack/authorise-clicker.js';
import { FAKE_SLACK_TOKEN, useFakeSlackServer } from '../helpers/fake-slack-server.js';

const slack = useFakeSlackServer({
  userGroups: { S0ONCALL: ['U0ALICE', 'U0BOB'] },
  users: {
    U0ALICE: { name: 'alice', email: 'Alice@Example.com' },
    U0BOB: { name: 'bob.smith', email: 'bob@example.com' },
  },
});

const iamUser = (name: string): Actor => ({ type: 'IAMUser', name, arn: `arn:aws:iam::123456789012:user/${name}` });
const session = (role: string, sessionName: string): Actor => ({
  type: 'AssumedRole',
  name: role,
  sessionName,
  arn: `arn:aws:sts::123456789012:assumed-role/${role}/${sessionName}`,
});

function directory(groups: Record<string, string[]>, users: Record<string, SlackIdentity>): SlackDirectory {
  return {
    groupMembers: async (id) => {
      const members = groups[id];
      if (!members) throw new Error('no_such_subteam');
      return members;
    },
    identity: async (id) => {
      const user = users[id];
      if (!user) throw new Error('user_not_found');
      return user;
    },
  };
}

const SSO_ISSUER =
  'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123abcd';
const ssoSession = (sessionName: string, issuer = SSO_ISSUER): Actor => ({
  type: 'AssumedRole',
  name: 'AWSReservedSSO_Admin_0123abcd',
  sessionName,
  sessionIssuerArn: issuer,
  arn: `arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123abcd/${sessionName}`,
});
const config = {
  approvers: {
    default: { users: ['U0DEFAULT'], userGroups: [] },
    critical: { users: ['U0CRIT'], userGroups: ['S0ONCALL'] },
    medium: { users: [], userGroups: ['S0ONCALL'] },
    identities: [
      {
        slackUserId: 'U0BOB',
        awsPrincipalArns: ['arn:aws:iam::123456789012:user/bob', 'arn:aws:iam::123456789012:role/bob-admin'],
      },
    ],
  },
};
const people = directory(
  { S0ONCALL: ['U0ALICE', 'U0BOB'] },
  {
    U0CRIT: { email: 'carol@example.com', name: 'carol' },
    U0DEFAULT: { name: 'dave' },
    U0ALICE: { email: 'alice@example.com', name: 'alice' },
    U0BOB: { email: 'bob@example.com', name: 'bob.smith' },
  },
);
const authorise = (userId: string, severity: 'critical' | 'high' | 'medium', actor?: Actor, dir = people) =>
  authoriseClicker({ userId, severity, ...(actor ? { actor } : {}), config, directory: dir });

describe('authoriseClicker', () => {
  it('allows the users and user-group members configured for the severity', async () => {
    expect(await authorise('U0CRIT', 'critical')).toEqual({ ok: true, needsSecondApprover: false });
    expect(await authorise('U0BOB', 'medium', iamUser('mallory'))).toEqual({ ok: true, needsSecondApprover: false });
  });

  it('falls back to the default approvers for a severity without its own entry, and only to them', async () => {
    expect(await authorise('U0DEFAULT', 'high')).toEqual({ ok: true, needsSecondApprover: false });
    expect(await authorise('U0CRIT', 'high')).toEqual({ ok: false, reason: 'not-an-approver' });
    expect(await authorise('U0DEFAULT', 'critical')).toEqual({ ok: false, reason: 'not-an-approver' });
  });

  it('denies by default: nobody is an approver when nothing is configured', async () => {
    const none = { approvers: { default: { users: [], userGroups: [] }, identities: [] } };
    expect(await authoriseClicker({ userId: 'U0CRIT', severity: 'critical', config: none, directory: people })).toEqual(
      { ok: false, reason: 'not-an-approver' },
    );
  });

  it('a user group Slack cannot list grants nothing', async () => {
    const failures: string[] = [];
    const outcome = await authoriseClicker({
      userId: 'U0ALICE',
      severity: 'critical',
      config,
      directory: directory({}, {}),
      onLookupFailure: (what) => failures.push(what),
    });
    expect(outcome).toEqual({ ok: false, reason: 'not-an-approver' });
    expect(failures).toEqual(['usergroup S0ONCALL']);
    // Without a failure callback the answer is the same.
    expect(
      await authoriseClicker({ userId: 'U0ALICE', severity: 'critical', config, directory: directory({}, {}) }),
    ).toEqual({ ok: false, reason: 'not-an-approver' });
  });

  it('refuses an approver acting on their own change: a configured exact ARN or role, or their SSO session', async () => {
    expect(await authorise('U0BOB', 'critical', iamUser('bob'))).toEqual({ ok: false, reason: 'own-change' });
    const bobRole: Actor = {
      ...session('bob-admin', 'any-name-at-all'),
      sessionIssuerArn: 'arn:aws:iam::123456789012:role/bob-admin',
    };
    expect(await authorise('U0BOB', 'medium', bobRole)).toEqual({ ok: false, reason: 'own-change' });
    // Identity Center names the session after the user name (= the Slack e-mail), compared case-insensitively.
    expect(await authorise('U0ALICE', 'critical', ssoSession('Alice@Example.com'))).toEqual({
      ok: false,
      reason: 'own-change',
    });
  });

  it('never matches on names: an IAM user or a session called like the clicker proves nothing', async () => {
    // Today's name matching refused these; names are chosen by whoever made the change.
    expect(await authorise('U0ALICE', 'medium', iamUser('alice'))).toEqual({ ok: true, needsSecondApprover: false });
    expect(await authorise('U0BOB', 'medium', session('admin', 'bob.smith'))).toEqual({
      ok: true,
      needsSecondApprover: false,
    });
    // A session named after the e-mail on a role outside the AWS-reserved SSO path is not an SSO session.
    const fakeSso = ssoSession('alice@example.com', 'arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123abcd');
    expect(await authorise('U0ALICE', 'medium', fakeSso)).toEqual({ ok: true, needsSecondApprover: false });
  });

  it('on a critical finding whose actor is nobody known, asks for a second approver instead of allowing it', async () => {
    expect(await authorise('U0ALICE', 'critical', iamUser('alice'))).toEqual({ ok: true, needsSecondApprover: true });
    expect(await authorise('U0ALICE', 'critical', { type: 'Root', name: 'root' })).toEqual({
      ok: true,
      needsSecondApprover: true,
    });
    // An SSO actor but the clicker's e-mail is unknown: cannot tell.
    expect(await authorise('U0DEFAULT', 'critical', ssoSession('bob@example.com'), people)).toEqual({
      ok: false,
      reason: 'not-an-approver',
    });
    const noEmail = directory({ S0ONCALL: ['U0ALICE'] }, { U0ALICE: { name: 'alice' } });
    expect(await authorise('U0ALICE', 'critical', ssoSession('bob@example.com'), noEmail)).toEqual({
      ok: true,
      needsSecondApprover: true,
    });
  });

  it('one approval is enough when the actor is provably someone else', async () => {
    // Mapped to Bob in the config; Alice clicks.
    expect(await authorise('U0ALICE', 'critical', iamUser('bob'))).toEqual({ ok: true, needsSecondApprover: false });
    // Bob's SSO session; Alice's Slack e-mail differs.
    expect(await authorise('U0ALICE', 'critical', ssoSession('bob@example.com'))).toEqual({
      ok: true,
      needsSecondApprover: false,
    });
    // No actor (a sweep item): nobody's own change.
    expect(await authorise('U0ALICE', 'critical')).toEqual({ ok: true, needsSecondApprover: false });
  });

  it('refuses when Slack cannot say who the clicker is and the actor is an SSO session', async () => {
    const noIdentity = directory({ S0ONCALL: ['U0ALICE'] }, {});
    expect(await authorise('U0ALICE', 'critical', ssoSession('alice@example.com'), noIdentity)).toEqual({
      ok: false,
      reason: 'identity-unavailable',
    });
    // A configured actor needs no lookup.
    expect(await authorise('U0ALICE', 'critical', iamUser('bob'), noIdentity)).toEqual({
      ok: true,
      needsSecondApprover: false,
    });
  });
});

describe('actorPerson', () => {
  it('reads exact configured ARNs (principal or session issuer) and SSO sessions in the reserved path only', () => {
    expect(actorPerson(iamUser('bob'), config)).toEqual({ slackUserIds: ['U0BOB'] });
    expect(actorPerson(iamUser('bob2'), config)).toBeUndefined();
    expect(actorPerson(ssoSession('Carol@Example.com'), config)).toEqual({
      slackUserIds: [],
      ssoUserName: 'carol@example.com',
    });
    expect(
      actorPerson(ssoSession('carol@example.com', 'arn:aws:iam::123456789012:role/custom/AWSReservedSSO_X_1'), config),
    ).toBeUndefined();
    expect(actorPerson({ type: 'AWSService', name: 'cloudformation.amazonaws.com' }, config)).toBeUndefined();
  });

  it('names no SSO user for anything but an exact SSO issuer and session ARN', () => {
    // No ssoUserName key at all for a mapped actor (not one set to undefined).
    expect(actorPerson(iamUser('bob'), config)).toStrictEqual({ slackUserIds: ['U0BOB'] });
    expect(ssoUserNameOf(ssoSession('Carol@Example.com'))).toBe('carol@example.com');
    for (const issuer of [`x${SSO_ISSUER}`, `${SSO_ISSUER}/extra`]) {
      expect(ssoUserNameOf(ssoSession('carol@example.com', issuer))).toBeUndefined();
    }
    const sso = ssoSession('carol@example.com');
    for (const arn of [`x${sso.arn ?? ''}`, `${sso.arn ?? ''}/extra`, 'arn:aws:iam::123456789012:user/carol']) {
      expect(ssoUserNameOf({ ...sso, arn })).toBeUndefined();
    }
  });
});

describe('cachedSlackDirectory over the Web API', () => {
  const client = () =>
    Promise.resolve(new WebClient(FAKE_SLACK_TOKEN, { slackApiUrl: slack.server.url, retryConfig: { retries: 0 } }));

  it('reads group members and identities, and reuses them for the TTL', async () => {
    let now = new Date('2026-11-22T10:00:00Z');
    const dir = cachedSlackDirectory(client, { clock: () => now, ttlSeconds: 300 });

    expect(await dir.groupMembers('S0ONCALL')).toEqual(['U0ALICE', 'U0BOB']);
    expect(await dir.identity('U0ALICE')).toEqual({ email: 'Alice@Example.com', name: 'alice' });
    now = new Date(now.getTime() + 299_000);
    await dir.groupMembers('S0ONCALL');
    await dir.identity('U0ALICE');
    expect(slack.server.callsTo('usergroups.users.list')).toHaveLength(1);
    expect(slack.server.callsTo('users.info')).toHaveLength(1);

    now = new Date(now.getTime() + 2_000);
    await dir.groupMembers('S0ONCALL');
    expect(slack.server.callsTo('usergroups.users.list')).toHaveLength(2);
  });

  it('reuses answers for five minutes by default, and reloads at exactly the TTL', async () => {
    let now = new Date('2026-11-22T10:00:00Z');
    const dir = cachedSlackDirectory(client, { clock: () => now });
    await dir.groupMembers('S0ONCALL');
    now = new Date(now.getTime() + 299_999);
    await dir.groupMembers('S0ONCALL');
    expect(slack.server.callsTo('usergroups.users.list')).toHaveLength(1);
    now = new Date(now.getTime() + 1);
    await dir.groupMembers('S0ONCALL');
    expect(slack.server.callsTo('usergroups.users.list')).toHaveLength(2);
  });

  it('does not remember failures', async () => {
    const dir = cachedSlackDirectory(client, { clock: () => new Date('2026-11-22T10:00:00Z') });
    slack.server.failNext(1, { error: 'ratelimited' });

    await expect(dir.groupMembers('S0ONCALL')).rejects.toThrow();
    expect(await dir.groupMembers('S0ONCALL')).toEqual(['U0ALICE', 'U0BOB']);
    await expect(dir.groupMembers('S0UNKNOWN')).rejects.toThrow();
  });
});
