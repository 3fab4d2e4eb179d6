import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from '../../shared/policy/parse-policy-document.js';

const canonical = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }],
};
const json = JSON.stringify(canonical);

describe('parsePolicyDocument accepts every shape documents arrive in', () => {
  it.each([
    ['an object', canonical],
    ['a JSON string', json],
    ['a pretty-printed JSON string with tabs', JSON.stringify(canonical, null, '\t')],
    ['a URL-encoded JSON string', encodeURIComponent(json)],
    ['a double-escaped JSON string', JSON.stringify(json)],
    ['a URL-encoded double-escaped string', encodeURIComponent(JSON.stringify(json))],
    [
      'a single statement object',
      { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } },
    ],
    [
      'string Action and Resource',
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] },
    ],
  ])('%s', (_name, input) => {
    const result = parsePolicyDocument(input);
    expect(result).toEqual({ ok: true, document: canonical });
  });

  it('reads a bare statement (Lambda AddPermission responseElements.statement)', () => {
    const result = parsePolicyDocument(
      '{"Sid":"x","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111122223333:function:f"}',
    );
    expect(result).toEqual({
      ok: true,
      document: {
        Statement: [
          {
            Sid: 'x',
            Effect: 'Allow',
            Principal: '*',
            Action: ['lambda:InvokeFunction'],
            Resource: ['arn:aws:lambda:us-east-1:111122223333:function:f'],
          },
        ],
      },
    });
  });

  it('normalises principals, NotAction/NotResource and condition values', () => {
    const result = parsePolicyDocument({
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            AWS: 'arn:aws:iam::111122223333:root',
            Service: ['ec2.amazonaws.com'],
            Federated: 'accounts.google.com',
          },
          NotAction: 'iam:*',
          NotResource: ['arn:aws:s3:::secret'],
          Condition: {
            Bool: { 'aws:MultiFactorAuthPresent': true },
            NumericLessThan: { 'aws:MultiFactorAuthAge': [3600, '7200'] },
          },
        },
        { Effect: 'Deny', NotPrincipal: { CanonicalUser: 'abc' }, Action: '*', Resource: '*' },
        { Effect: 'Allow', Principal: 'arn:aws:iam::111122223333:root', Action: 'sts:AssumeRole' },
      ],
    });
    expect(result).toEqual({
      ok: true,
      document: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: {
              AWS: ['arn:aws:iam::111122223333:root'],
              Service: ['ec2.amazonaws.com'],
              Federated: ['accounts.google.com'],
            },
            NotAction: ['iam:*'],
            NotResource: ['arn:aws:s3:::secret'],
            Condition: {
              Bool: { 'aws:MultiFactorAuthPresent': ['true'] },
              NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600', '7200'] },
            },
          },
          { Effect: 'Deny', NotPrincipal: { CanonicalUser: ['abc'] }, Action: ['*'], Resource: ['*'] },
          { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root'] }, Action: ['sts:AssumeRole'] },
        ],
      },
    });
  });

  it('accepts Principal "*" and Effect in any case (lenient: can only add findings)', () => {
    const result = parsePolicyDocument({ Statement: [{ Effect: 'allow', Principal: '*', Action: 'sts:AssumeRole' }] });
    expect(result).toEqual({
      ok: true,
      document: { Statement: [{ Effect: 'Allow', Principal: '*', Action: ['sts:AssumeRole'] }] },
    });
  });

  it('keeps a __proto__ key as data', () => {
    const result = parsePolicyDocument(
      '{"Statement":[{"Effect":"Allow","Action":"*","Principal":{"__proto__":["x"]}}]}',
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      const principal = result.document.Statement[0]?.Principal;
      expect(principal !== '*' && Object.prototype.hasOwnProperty.call(principal, '__proto__')).toBe(true);
    }
  });
});

describe('parsePolicyDocument rejects what IAM would reject, without throwing', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an empty string', '   '],
    ['invalid JSON', '{"Statement": ['],
    ['a plain word', 'None'],
    ['broken URL encoding', '%7B%E0%A4%A'],
    ['an object without Statement', { Version: '2012-10-17' }],
    ['a statement that is not an object', { Statement: ['x'] }],
    ['a missing Effect', { Statement: [{ Action: '*', Resource: '*' }] }],
    ['an unknown Effect', { Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }],
    ['a numeric Action', { Statement: [{ Effect: 'Allow', Action: 5, Resource: '*' }] }],
    [
      'a list Action with a non-string',
      { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', null], Resource: '*' }] },
    ],
    ['a principal that is a number', { Statement: [{ Effect: 'Allow', Principal: 7, Action: '*' }] }],
    [
      'a condition block that is a string',
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: 'x' } }] },
    ],
    [
      'a condition value that is an object',
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { k: { a: 1 } } } }] },
    ],
    ['strings nested too deeply', JSON.stringify(JSON.stringify(JSON.stringify(JSON.stringify(JSON.stringify(json)))))],
  ])('%s', (_name, input) => {
    const result = parsePolicyDocument(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
  });

  it('names the bad statement', () => {
    const result = parsePolicyDocument({ Statement: [{ Effect: 'Allow', Action: '*' }, { Effect: 'Nope' }] });
    expect(result).toEqual({ ok: false, reason: 'statement 1 has no valid Effect' });
  });
});
