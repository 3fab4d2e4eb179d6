import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.js';
import { collectingIo } from './collecting-io.js';

const ACCOUNT = '111122223333';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'warden-replay-follow-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const allow = (...actions: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::r/*' }],
  });

function iamCall(eventID: string, eventTime: string, eventName: string, requestParameters: Record<string, unknown>) {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE000000001',
      arn: `arn:aws:iam::${ACCOUNT}:user/mallory`,
      accountId: ACCOUNT,
      userName: 'mallory',
    },
    eventTime,
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    requestParameters,
    responseElements: null,
    eventID,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
  };
}

const put = (eventID: string, eventTime: string, ...actions: string[]) =>
  iamCall(eventID, eventTime, 'PutUserPolicy', {
    userName: 'bob',
    policyName: 'Reports',
    policyDocument: allow(...actions),
  });

/** The context file: bob's inline policy as get-account-authorization-details returned it. */
const context = {
  UserDetailList: [
    {
      UserName: 'bob',
      Arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
      UserPolicyList: [
        { PolicyName: 'Reports', PolicyDocument: JSON.parse(allow('s3:GetObject', 's3:PutObject', 's3:DeleteObject')) },
      ],
    },
  ],
};

async function replaySummaries(records: unknown[]): Promise<string[]> {
  await writeFile(path.join(dir, 'trail.json'), JSON.stringify({ Records: records }));
  await writeFile(path.join(dir, 'context.json'), JSON.stringify(context));
  const out = collectingIo(dir);
  const code = await runCli(['replay', '--format', 'json', '--context', 'context.json', 'trail.json'], out.io);
  expect(code).toBe(0);
  return out
    .jsonLines()
    .filter((line) => line['ruleId'] === 'iam.inline-policy-added')
    .map((line) => String(line['summary']));
}

describe('warden replay --context follows the replayed writes', () => {
  it('a later Put*Policy sees the earlier one’s document as its before', async () => {
    const summaries = await replaySummaries([
      put('e1', '2026-11-02T08:00:00Z', 's3:GetObject', 's3:PutObject'),
      put('e2', '2026-11-02T08:05:00Z', 's3:GetObject'),
    ]);

    expect(summaries).toEqual([
      'mallory put inline policy Reports on user bob, replacing the previous document and removing s3:DeleteObject (prefer a managed policy)',
      'mallory put inline policy Reports on user bob, replacing the previous document and removing s3:PutObject (prefer a managed policy)',
    ]);
  });

  it('after DeleteUserPolicy, a new Put*Policy of that name replaces nothing', async () => {
    const summaries = await replaySummaries([
      iamCall('e1', '2026-11-02T08:00:00Z', 'DeleteUserPolicy', { userName: 'bob', policyName: 'Reports' }),
      put('e2', '2026-11-02T08:05:00Z', 's3:GetObject'),
    ]);

    expect(summaries).toEqual(['mallory put inline policy Reports on user bob (prefer a managed policy)']);
  });

  it('an event seen twice still sees the document before it', async () => {
    const twice = put('e1', '2026-11-02T08:00:00Z', 's3:GetObject');
    const summaries = await replaySummaries([twice, twice]);

    const before = 'replacing the previous document and removing s3:PutObject, s3:DeleteObject';
    expect(summaries).toEqual([
      `mallory put inline policy Reports on user bob, ${before} (prefer a managed policy)`,
      `mallory put inline policy Reports on user bob, ${before} (prefer a managed policy)`,
    ]);
  });
});
