import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { snapshotChanges, snapshotReads } from '../../shared/snapshot/snapshot-writes.js';

const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

function event(
  eventName: string,
  requestParameters: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): CloudTrailEvent {
  const parsed = normaliseRecord({
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' },
    eventTime: '2026-11-02T08:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    requestParameters,
    responseElements: null,
    eventID: `id-${eventName}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
    ...extra,
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

describe('which snapshot documents an event reads and how it changes them', () => {
  it.each([
    ['PutUserPolicy', 'user', { userName: 'Bob' }],
    ['PutGroupPolicy', 'group', { groupName: 'Ops' }],
    ['PutRolePolicy', 'role', { roleName: 'Deploy' }],
  ] as const)('%s sets the %s inline policy to the request document', (name, principalKind, principal) => {
    const put = event(name, { ...principal, policyName: 'P', policyDocument: JSON.stringify(POLICY) });
    const ref = { type: 'inline', principalKind, principalName: Object.values(principal)[0], policyName: 'P' };

    expect(snapshotReads(put)).toEqual([ref]);
    const [change] = snapshotChanges(put);
    expect(change).toMatchObject({ type: 'set', ref });
    expect(change?.type === 'set' ? JSON.parse(change.document) : undefined).toMatchObject({
      Statement: [{ Effect: 'Allow' }],
    });
  });

  it('Delete*Policy deletes the entry; DeleteUser/DeleteGroup/DeleteRole drop the principal', () => {
    const ref = { type: 'inline', principalKind: 'group', principalName: 'Ops', policyName: 'P' };
    expect(snapshotChanges(event('DeleteGroupPolicy', { groupName: 'Ops', policyName: 'P' }))).toEqual([
      { type: 'delete', ref },
    ]);
    for (const [name, principalKind, key] of [
      ['DeleteUser', 'user', 'userName'],
      ['DeleteGroup', 'group', 'groupName'],
      ['DeleteRole', 'role', 'roleName'],
    ] as const) {
      expect(snapshotChanges(event(name, { [key]: 'X' })), name).toEqual([
        { type: 'delete-principal', principalKind, principalName: 'X' },
      ]);
    }
  });

  it('UpdateAssumeRolePolicy reads and sets the trust policy; CreateRole starts the role afresh', () => {
    const update = event('UpdateAssumeRolePolicy', { roleName: 'Deploy', policyDocument: JSON.stringify(TRUST) });
    expect(snapshotReads(update)).toEqual([{ type: 'trust', roleName: 'Deploy' }]);
    expect(snapshotChanges(update)).toMatchObject([{ type: 'set', ref: { type: 'trust', roleName: 'Deploy' } }]);

    const created = event('CreateRole', { roleName: 'Deploy', assumeRolePolicyDocument: JSON.stringify(TRUST) });
    expect(snapshotReads(created)).toEqual([]);
    expect(snapshotChanges(created)).toMatchObject([
      { type: 'delete-principal', principalKind: 'role', principalName: 'Deploy' },
      { type: 'set', ref: { type: 'trust', roleName: 'Deploy' } },
    ]);
  });

  it('a failed call reads and changes nothing; a Put without a readable document forgets the old one', () => {
    const denied = event(
      'PutRolePolicy',
      { roleName: 'Deploy', policyName: 'P', policyDocument: JSON.stringify(POLICY) },
      { errorCode: 'AccessDenied', errorMessage: 'no' },
    );
    expect(snapshotReads(denied)).toEqual([]);
    expect(snapshotChanges(denied)).toEqual([]);
    const unreadable = event('PutRolePolicy', {
      roleName: 'Deploy',
      policyName: 'P',
      policyDocument: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    });
    expect(snapshotChanges(unreadable)).toEqual([
      { type: 'delete', ref: { type: 'inline', principalKind: 'role', principalName: 'Deploy', policyName: 'P' } },
    ]);
  });
});
