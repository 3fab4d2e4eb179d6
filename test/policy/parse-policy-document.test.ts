import { describe, expect, it } from 'vitest';
import {
  ensurePolicyDocument,
  parsedDocumentAnalyses,
  parsePolicyDocument,
} from '../../shared/policy/parse-policy-document.js';

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

describe('parsePolicyDocument says why a document is rejected', () => {
  it.each([
    ['undefined', undefined, 'expected an object or a string, got undefined'],
    ['null', null, 'expected an object or a string, got null'],
    ['a number', 42, 'expected an object or a string, got number'],
    ['a boolean', true, 'expected an object or a string, got boolean'],
    ['an empty string', '   ', 'empty policy document'],
    ['invalid JSON', '{"Statement": [', 'policy document is not valid JSON'],
    ['invalid JSON in a list', '[{"Effect": ', 'policy document is not valid JSON'],
    ['an invalid quoted string', '"{\\"Statement', 'policy document is not valid JSON'],
    ['a plain word', 'None', 'string is not a JSON policy document'],
    ['a URL-encoded plain word', 'N%6Fne', 'string is not a JSON policy document'],
    ['broken URL encoding', '%7B%E0%A4%A', 'policy document has invalid URL encoding'],
    ['an object without Statement', { Version: '2012-10-17' }, 'object has no Statement'],
    ['a JSON string holding a number', '"42"', 'string is not a JSON policy document'],
    ['a statement that is not an object', { Statement: ['x'] }, 'statement 0 is not an object'],
    ['a statement that is a list', { Statement: [[{ Effect: 'Allow' }]] }, 'statement 0 is not an object'],
    ['a Statement that is undefined', { Statement: undefined }, 'statement 0 is not an object'],
    ['a missing Effect', { Statement: [{ Action: '*' }] }, 'statement 0 has no valid Effect'],
    ['a numeric Effect', { Statement: [{ Effect: 1, Action: '*' }] }, 'statement 0 has no valid Effect'],
    [
      'a numeric Action',
      { Statement: [{ Effect: 'Allow', Action: 5 }] },
      'statement 0 Action must be a string or a list of strings',
    ],
    [
      'a NotResource list with a non-string',
      { Statement: [{ Effect: 'Allow', Action: '*', NotResource: ['arn:aws:s3:::b', 7] }] },
      'statement 0 NotResource must be a string or a list of strings',
    ],
    [
      'a list principal',
      { Statement: [{ Effect: 'Allow', Principal: ['*'], Action: '*' }] },
      'statement 0 Principal must be "*" or an object',
    ],
    [
      'a numeric NotPrincipal',
      { Statement: [{ Effect: 'Deny', NotPrincipal: 1, Action: '*' }] },
      'statement 0 NotPrincipal must be "*" or an object',
    ],
    [
      'a principal kind that is a number',
      { Statement: [{ Effect: 'Allow', Principal: { AWS: 1 }, Action: '*' }] },
      'statement 0 Principal AWS must be a string or a list of strings',
    ],
    [
      'a condition that is a list',
      { Statement: [{ Effect: 'Allow', Action: '*', Condition: [] }] },
      'statement 0 Condition must be an object',
    ],
    [
      'a condition block that is a list',
      { Statement: [{ Effect: 'Allow', Action: '*', Condition: { Bool: ['x'] } }] },
      'statement 0 Condition Bool must be an object',
    ],
    [
      'a condition value that is null',
      { Statement: [{ Effect: 'Allow', Action: '*', Condition: { Bool: { k: [true, null] } } }] },
      'statement 0 Condition Bool k values must be strings, numbers or booleans',
    ],
  ])('%s', (_name, input, reason) => {
    expect(parsePolicyDocument(input)).toEqual({ ok: false, reason });
  });

  it('decodes at most four layers of strings', () => {
    const layered = (layers: number): string => {
      let text = json;
      for (let layer = 1; layer < layers; layer += 1) text = JSON.stringify(text);
      return text;
    };
    expect(parsePolicyDocument(layered(4))).toEqual({ ok: true, document: canonical });
    expect(parsePolicyDocument(layered(5))).toEqual({
      ok: false,
      reason: 'policy document nested too deeply in strings',
    });
    expect(parsePolicyDocument(encodeURIComponent(layered(3)))).toEqual({ ok: true, document: canonical });
    expect(parsePolicyDocument(encodeURIComponent(layered(4)))).toEqual({
      ok: false,
      reason: 'policy document nested too deeply in strings',
    });
  });

  it('names the error of an input that throws while being read', () => {
    const throwing = {
      get Statement(): unknown {
        throw new TypeError('boom');
      },
    };
    expect(parsePolicyDocument(throwing)).toEqual({ ok: false, reason: 'unreadable policy document (TypeError)' });
    const statementThrowing = {
      Statement: [
        {
          get Effect(): unknown {
            throw new RangeError('boom');
          },
        },
      ],
    };
    expect(parsePolicyDocument(statementThrowing)).toEqual({
      ok: false,
      reason: 'unreadable policy document (RangeError)',
    });
    const throwingText = {
      get Statement(): unknown {
        // Not an Error: the reason still names something.
        throw 'boom';
      },
    };
    expect(parsePolicyDocument(throwingText)).toEqual({ ok: false, reason: 'unreadable policy document (error)' });
  });
});

describe('parsePolicyDocument keeps exactly the fields given', () => {
  it('reads a list of statements, text and numbers in Version, Id and Sid, and omits what is absent', () => {
    expect(parsePolicyDocument([{ Effect: ' DENY ', Action: [], Resource: '*' }])).toStrictEqual({
      ok: true,
      document: { Statement: [{ Effect: 'Deny', Action: [], Resource: ['*'] }] },
    });
    expect(
      parsePolicyDocument({
        Version: 2012,
        Id: true,
        Statement: { Sid: 7, Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      }),
    ).toStrictEqual({
      ok: true,
      document: {
        Version: '2012',
        Id: 'true',
        Statement: [{ Sid: '7', Effect: 'Allow', Action: ['iam:PassRole'], Resource: ['*'] }],
      },
    });
    expect(
      parsePolicyDocument({ Version: { v: 1 }, Id: null, Statement: [{ Sid: ['x'], Effect: 'Allow', Action: '*' }] }),
    ).toStrictEqual({ ok: true, document: { Statement: [{ Effect: 'Allow', Action: ['*'] }] } });
  });

  it('reads "*" with spaces as every principal and any other string as an AWS principal, as written', () => {
    expect(
      parsePolicyDocument({
        Statement: [
          { Effect: 'Allow', Principal: ' * ', Action: 'sts:AssumeRole' },
          { Effect: 'Deny', NotPrincipal: ' arn:aws:iam::111122223333:root', Action: 'sts:AssumeRole' },
          { Effect: 'Deny', NotPrincipal: '*', Action: 'sts:AssumeRole' },
        ],
      }),
    ).toStrictEqual({
      ok: true,
      document: {
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: ['sts:AssumeRole'] },
          { Effect: 'Deny', NotPrincipal: { AWS: [' arn:aws:iam::111122223333:root'] }, Action: ['sts:AssumeRole'] },
          { Effect: 'Deny', NotPrincipal: '*', Action: ['sts:AssumeRole'] },
        ],
      },
    });
  });

  it('reads JSON text that starts after white space, in each of its three forms', () => {
    expect(parsePolicyDocument(`  \n${json}`)).toEqual({ ok: true, document: canonical });
    expect(parsePolicyDocument(` ${JSON.stringify(canonical.Statement)}`)).toEqual({
      ok: true,
      document: { Statement: canonical.Statement },
    });
    expect(parsePolicyDocument(` ${JSON.stringify(json)}`)).toEqual({ ok: true, document: canonical });
  });
});

describe('ensurePolicyDocument and the analyses kept with parsed documents', () => {
  it('returns a parsed document as it is, and parses anything else', () => {
    const result = parsePolicyDocument(canonical);
    if (!result.ok) throw new Error(result.reason);
    expect(ensurePolicyDocument(result.document)).toBe(result.document);
    const again = ensurePolicyDocument(canonical);
    expect(again).not.toBe(canonical);
    expect(again).toEqual(canonical);
    expect(ensurePolicyDocument(again)).toBe(again);
    expect(ensurePolicyDocument(json)).toEqual(canonical);
  });

  it('counts an unreadable input as an empty, frozen document', () => {
    for (const input of [null, undefined, 'None', { Version: '2012-10-17' }, { Statement: [{ Effect: 'x' }] }]) {
      const doc = ensurePolicyDocument(input);
      expect(doc).toStrictEqual({ Statement: [] });
      expect(Object.isFrozen(doc)).toBe(true);
      expect(Object.isFrozen(doc.Statement)).toBe(true);
    }
  });

  it('keeps a table of analyses only for documents it produced', () => {
    const result = parsePolicyDocument(canonical);
    if (!result.ok) throw new Error(result.reason);
    expect(parsedDocumentAnalyses(result.document)).toBeInstanceOf(Map);
    expect(parsedDocumentAnalyses(result.document)?.size).toBe(0);
    expect(parsedDocumentAnalyses(canonical)).toBeUndefined();
  });
});
