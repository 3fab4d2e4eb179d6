import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/rules/finding.js';
import {
  actorPersonNames,
  authoriseClicker,
  cachedSlackDirectory,
  isOwnChange,
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

const config = {
  approvers: {
    default: { users: ['U0DEFAULT'], userGroups: [] },
    critical: { users: ['U0CRIT'], userGroups: ['S0ONCALL'] },
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
const authorise = (userId: string, severity: 'critical' | 'high', actor?: Actor, dir = people) =>
  authoriseClicker({ userId, severity, ...(actor ? { actor } : {}), config, directory: dir });

describe('authoriseClicker', () => {
  it('allows the users and user-group members configured for the severity', async () => {
    expect(await authorise('U0CRIT', 'critical')).toEqual({ ok: true });
    expect(await authorise('U0BOB', 'critical', iamUser('mallory'))).toEqual({ ok: true });
  });

  it('falls back to the default approvers for a severity without its own entry, and only to them', async () => {
    expect(await authorise('U0DEFAULT', 'high')).toEqual({ ok: true });
    expect(await authorise('U0CRIT', 'high')).toEqual({ ok: false, reason: 'not-an-approver' });
    expect(await authorise('U0DEFAULT', 'critical')).toEqual({ ok: false, reason: 'not-an-approver' });
  });

  it('denies by default: nobody is an approver when nothing is configured', async () => {
    const none = { approvers: { default: { users: [], userGroups: [] } } };
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
  });

  it('refuses an approver acting on their own change (IAM user name, session e-mail, session login)', async () => {
    expect(await authorise('U0ALICE', 'critical', iamUser('alice'))).toEqual({ ok: false, reason: 'own-change' });
    expect(await authorise('U0ALICE', 'critical', session('AWSReservedSSO_Admin_1234', 'Alice@example.com'))).toEqual({
      ok: false,
      reason: 'own-change',
    });
    expect(await authorise('U0BOB', 'critical', session('admin', 'bob.smith'))).toEqual({
      ok: false,
      reason: 'own-change',
    });
  });

  it('refuses when Slack cannot say who the clicker is and the actor could be them', async () => {
    const noIdentity = directory({ S0ONCALL: ['U0ALICE'] }, {});
    expect(await authorise('U0ALICE', 'critical', iamUser('alice'), noIdentity)).toEqual({
      ok: false,
      reason: 'identity-unavailable',
    });
    // Root has no person name to match: no lookup needed.
    expect(await authorise('U0ALICE', 'critical', { type: 'Root', name: 'root' }, noIdentity)).toEqual({ ok: true });
  });
});

describe('identity matching', () => {
  it('uses the IAM user name and session names, never a role name, root or a service', () => {
    expect(actorPersonNames(iamUser('Alice'))).toEqual(['alice']);
    expect(actorPersonNames(session('alice', 'deploy-42'))).toEqual(['deploy-42']);
    expect(actorPersonNames(session('Admin', 'alice@example.com'))).toEqual(['alice']);
    expect(actorPersonNames({ type: 'Root', name: 'root' })).toEqual([]);
    expect(actorPersonNames({ type: 'AWSService', name: 'cloudformation.amazonaws.com' })).toEqual([]);
    expect(
      actorPersonNames({
        type: 'FederatedUser',
        name: 'fed-issuer',
        sessionName: 'carol',
        arn: 'arn:aws:sts::123456789012:federated-user/carol',
      }),
    ).toEqual(['carol']);
  });

  it('matches the e-mail local part or the Slack name, case-insensitively; a role name never matches', () => {
    expect(isOwnChange({ email: 'ALICE@corp.example' }, iamUser('alice'))).toBe(true);
    expect(isOwnChange({ name: 'alice' }, session('r', 'Alice'))).toBe(true);
    expect(isOwnChange({ email: 'alice@example.com', name: 'alice' }, session('alice', 'ci-run'))).toBe(false);
    expect(isOwnChange({ email: 'alicia@example.com' }, iamUser('alice'))).toBe(false);
    expect(isOwnChange({}, iamUser('alice'))).toBe(false);
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

  it('does not remember failures', async () => {
    const dir = cachedSlackDirectory(client, { clock: () => new Date('2026-11-22T10:00:00Z') });
    slack.server.failNext(1, { error: 'ratelimited' });

    await expect(dir.groupMembers('S0ONCALL')).rejects.toThrow();
    expect(await dir.groupMembers('S0ONCALL')).toEqual(['U0ALICE', 'U0BOB']);
    await expect(dir.groupMembers('S0UNKNOWN')).rejects.toThrow();
  });
});
