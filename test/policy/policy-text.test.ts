import { describe, expect, it } from 'vitest';
import { decodePolicyText, decodeUrlEncoded, samePolicyText } from '../../shared/policy/policy-text.js';

/** A policy whose text holds spaces, `+`, `&`, `%` and non-ASCII letters: what URL encoding must round-trip. */
const ESCALATION = `{
    "Version": "2012-10-17",
  "Statement": [ {"Sid":"Grant all", "Effect": "Allow",
     "Action": ["iam:*", "sts:AssumeRole"], "Resource": "*",
     "Condition": {"StringLike": {"aws:PrincipalTag/team": "a+b & 100% ünïcode"}}} ]
}`;

describe('decodePolicyText', () => {
  it('decodes IAM URL encoding and leaves plain JSON text as it is', () => {
    expect(decodePolicyText(encodeURIComponent(ESCALATION))).toBe(ESCALATION);
    expect(decodePolicyText('%7B%22Version%22%3A%222012-10-17%22%7D')).toBe('{"Version":"2012-10-17"}');
    expect(decodePolicyText('{"a":"100%"}')).toBe('{"a":"100%"}');
    expect(decodePolicyText('  {"a":"%7B"}')).toBe('  {"a":"%7B"}');
  });
});

describe('samePolicyText', () => {
  it('compares JSON values, whatever the key order, spacing or URL encoding', () => {
    const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}';
    expect(samePolicyText(doc, doc)).toBe(true);
    expect(samePolicyText(doc, encodeURIComponent(doc))).toBe(true);
    expect(
      samePolicyText(doc, '{ "Statement": [{"Resource":"*","Action":"*","Effect":"Deny"}], "Version": "2012-10-17" }'),
    ).toBe(true);
    expect(samePolicyText(doc, doc.replace('Deny', 'Allow'))).toBe(false);
    expect(samePolicyText('{"a":[1,2]}', '{"a":[2,1]}')).toBe(false);
    expect(samePolicyText('{"a":{"b":1,"c":2}}', '{"a":{"c":2,"b":1}}')).toBe(true);
    expect(samePolicyText('{"a":{"b":1}}', '{"a":{"b":2}}')).toBe(false);
    expect(samePolicyText('{"a":1,"b":2}', '{"b":2,"a":1}')).toBe(true);
    expect(samePolicyText('{"a":null}', '{"a":{}}')).toBe(false);
    expect(samePolicyText('{"a":[1,2]}', '{"a":{"0":1,"1":2}}')).toBe(false);
    expect(samePolicyText('{"a":[1,2]}', '{"a":[12]}')).toBe(false);
  });

  it('sorts keys at every level, inside arrays too, whatever case or alphabet they use', () => {
    const statement =
      '{"Sid":"x","Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}';
    const reordered =
      '{"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}},"Action":"s3:*","Effect":"Allow","Sid":"x"}';
    expect(
      samePolicyText(
        `{"Statement":[${statement}],"Version":"2012-10-17"}`,
        `{"Version":"2012-10-17","Statement":[${reordered}]}`,
      ),
    ).toBe(true);
    expect(samePolicyText('{"b":1,"B":2,"ä":3,"a":4,"__proto__":5}', '{"__proto__":5,"ä":3,"a":4,"B":2,"b":1}')).toBe(
      true,
    );
    expect(samePolicyText('{"__proto__":5}', '{"__proto__":6}')).toBe(false);
    expect(
      samePolicyText(`{"Statement":[${statement}]}`, `{"Statement":[${reordered.replace('s3:*', 's3:Get*')}]}`),
    ).toBe(false);
  });

  it('text that is not JSON is never the same, even as itself', () => {
    expect(samePolicyText('not json', 'not json')).toBe(false);
    expect(samePolicyText('%E0%A4%A', '%E0%A4%A')).toBe(false);
    expect(samePolicyText('{"a":1}', 'not json')).toBe(false);
  });
});

it('decodePolicyText keeps text that is not valid URL encoding as it is', () => {
  expect(decodePolicyText('%E0%A4%A')).toBe('%E0%A4%A');
  expect(decodePolicyText('%7B%22a%22%3A1%7D')).toBe('{"a":1}');
});

describe('decodeUrlEncoded', () => {
  it('decodes escapes and says undefined for a broken one', () => {
    expect(decodeUrlEncoded('%7B%22a%22%3A1%7D')).toBe('{"a":1}');
    expect(decodeUrlEncoded('plain')).toBe('plain');
    expect(decodeUrlEncoded('%E0%A4%A')).toBeUndefined();
    expect(decodeUrlEncoded('100%')).toBeUndefined();
  });
});
