import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS } from '../../../shared/model/detection-settings.js';
import type { PolicyWrite } from '../../../shared/rules/support/policy-write.js';
import { judgedContent, policyWriteMatch, undoPolicyWrite } from '../../../shared/rules/support/policy-write-match.js';
import { writePhrase } from '../../../shared/rules/support/policy-write-phrase.js';
import { EMPTY_CONTEXT } from '../../../shared/rules/support/rule-context.js';
import { iamCall as iamEvent } from '../../helpers/iam-call.js';
import { DEFAULT_ACCOUNT } from '../../helpers/moto-launcher.js';

const ACCOUNT = DEFAULT_ACCOUNT;
const READ_ONE_BUCKET = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::artifacts/*' }],
};

const putInline = iamEvent('PutRolePolicy', {
  roleName: 'ci',
  policyName: 'artifacts',
  policyDocument: JSON.stringify(READ_ONE_BUCKET),
});
const attach = iamEvent('AttachRolePolicy', { roleName: 'ci', policyArn: `arn:aws:iam::${ACCOUNT}:policy/deploy` });

describe('policyWriteMatch', () => {
  it('asks the rule nothing about an event that writes no policy', () => {
    const seen: PolicyWrite[] = [];
    const match = policyWriteMatch(iamEvent('CreateUser', { userName: 'bob' }), EMPTY_CONTEXT, (write) => {
      seen.push(write);
      return { summary: 'anything' };
    });
    expect(match).toBeNull();
    expect(seen).toEqual([]);
  });

  it('is null when the rule finds nothing in the write', () => {
    expect(policyWriteMatch(putInline, EMPTY_CONTEXT, () => null)).toBeNull();
  });

  it('puts the caller before what the rule says, names the principal, and adds only what the rule gives', () => {
    const match = policyWriteMatch(putInline, EMPTY_CONTEXT, (write) => ({ summary: writePhrase(write) }));
    expect(match).toStrictEqual({
      target: { type: 'role', name: 'ci', arn: undefined, id: 'artifacts' },
      summary: 'alice put inline policy artifacts on role ci',
    });
  });

  it('gives judged content its diff and "analysed", with conditions only when there are some', () => {
    const match = policyWriteMatch(putInline, EMPTY_CONTEXT, (write) => ({
      summary: 'judged',
      severity: 'high',
      details: judgedContent(write, ['why']),
    }));
    expect(match?.severity).toBe('high');
    expect(match?.details).toStrictEqual({
      notes: ['why'],
      policyDiff: ['+ s3:GetObject on arn:aws:s3:::artifacts/*'],
      contentAnalysed: true,
    });
  });
});

describe('undoPolicyWrite', () => {
  const input = { context: EMPTY_CONTEXT, settings: DEFAULT_DETECTION_SETTINGS };
  const match = { target: { type: 'role' as const, name: 'ci' }, summary: '' };

  it('plans the step that takes the write back (the engine adds the rule’s mode and the account)', () => {
    expect(undoPolicyWrite(match, attach, input)).toStrictEqual([
      {
        kind: 'detach-policy',
        params: { principalKind: 'role', principalName: 'ci', policyArn: `arn:aws:iam::${ACCOUNT}:policy/deploy` },
        description: 'Detach deploy from role ci',
      },
    ]);
  });

  it('plans nothing for an event that writes no policy', () => {
    expect(undoPolicyWrite(match, iamEvent('CreateUser', { userName: 'bob' }), input)).toEqual([]);
  });
});
