import { describe, expect, it } from 'vitest';
import { memoizeByDocument, memoizeByDocumentPair } from '../../shared/policy/memoize-by-document.js';
import { parsePolicyDocument, parsedDocumentAnalyses } from '../../shared/policy/parse-policy-document.js';
import type { PolicyDocument } from '../../shared/model/policy-document.js';

function parsed(action: string): PolicyDocument {
  const result = parsePolicyDocument({ Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
  if (!result.ok) throw new Error(result.reason);
  return result.document;
}

function handBuilt(action: string): PolicyDocument {
  return { Statement: [{ Effect: 'Allow', Action: [action], Resource: ['*'] }] };
}

interface Analysis {
  readonly actions: string[];
  readonly nested: { readonly list: string[] };
}

/** An analysis that counts its runs, so a test sees when a result was reused. */
function counted(): { analyse: (doc: PolicyDocument) => Analysis; runs: () => number } {
  let runs = 0;
  return {
    analyse: (doc) => {
      runs += 1;
      const actions = doc.Statement.flatMap((statement) => [...(statement.Action ?? [])]);
      return { actions, nested: { list: [...actions] } };
    },
    runs: () => runs,
  };
}

describe('memoizeByDocument', () => {
  it.each([
    ['a parsed document', parsed],
    ['a hand-built document', handBuilt],
  ])('analyses %s once and hands every caller the same deeply frozen result', (_kind, make) => {
    const { analyse, runs } = counted();
    const memoized = memoizeByDocument(analyse);
    const doc = make('iam:PassRole');
    const first = memoized(doc);
    const second = memoized(doc);
    expect(first).toEqual({ actions: ['iam:PassRole'], nested: { list: ['iam:PassRole'] } });
    expect(second).toBe(first);
    expect(runs()).toBe(1);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.actions)).toBe(true);
    expect(Object.isFrozen(first.nested)).toBe(true);
    expect(Object.isFrozen(first.nested.list)).toBe(true);
    const other = memoized(make('s3:GetObject'));
    expect(other.actions).toEqual(['s3:GetObject']);
    expect(runs()).toBe(2);
  });

  it('keeps the results of two analyses of one document apart', () => {
    const doc = parsed('iam:PassRole');
    const count = memoizeByDocument((d: PolicyDocument) => ({ count: d.Statement.length }));
    const first = memoizeByDocument((d: PolicyDocument) => ({ first: d.Statement[0]?.Action?.[0] }));
    expect(count(doc)).toEqual({ count: 1 });
    expect(first(doc)).toEqual({ first: 'iam:PassRole' });
    expect(count(doc)).toEqual({ count: 1 });
  });

  it('passes anything that is not an object straight to the analysis, every time', () => {
    let runs = 0;
    const memoized = memoizeByDocument((doc: object) => {
      runs += 1;
      return { saw: String(doc) };
    });
    const strange = [null, 'a string', 42, undefined] as unknown as object[];
    for (const value of strange) expect(memoized(value)).toEqual({ saw: String(value) });
    for (const value of strange) memoized(value);
    expect(runs).toBe(8);
  });

  it('freezes a result that refers to itself without looping', () => {
    const memoized = memoizeByDocument(() => {
      const node: { name: string; self?: unknown; children: unknown[] } = { name: 'root', children: [] };
      node.self = node;
      node.children.push({ parent: node });
      return node;
    });
    const result = memoized(parsed('iam:PassRole'));
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.children[0])).toBe(true);
  });
});

describe('memoizeByDocumentPair', () => {
  function countedPair(): {
    analyse: (before: PolicyDocument | undefined, after: PolicyDocument | undefined) => { said: string[] };
    runs: () => number;
  } {
    let runs = 0;
    const said = (doc: PolicyDocument | undefined): string =>
      doc === undefined ? 'none' : (doc.Statement[0]?.Action?.[0] ?? '?');
    return {
      analyse: (before, after) => {
        runs += 1;
        return { said: [said(before ?? undefined), said(after)] };
      },
      runs: () => runs,
    };
  }

  it.each([
    ['parsed', parsed],
    ['hand-built', handBuilt],
  ])('analyses each (before, after) pair of %s documents once', (_kind, make) => {
    const { analyse, runs } = countedPair();
    const memoized = memoizeByDocumentPair(analyse);
    const before = make('iam:PassRole');
    const otherBefore = make('s3:GetObject');
    const after = make('iam:*');
    const pair = memoized(before, after);
    expect(pair).toEqual({ said: ['iam:PassRole', 'iam:*'] });
    expect(memoized(before, after)).toBe(pair);
    expect(Object.isFrozen(pair.said)).toBe(true);
    expect(memoized(otherBefore, after)).toEqual({ said: ['s3:GetObject', 'iam:*'] });
    expect(memoized(otherBefore, after)).not.toBe(pair);
    const alone = memoized(undefined, after);
    expect(alone).toEqual({ said: ['none', 'iam:*'] });
    expect(memoized(undefined, after)).toBe(alone);
    expect(Object.isFrozen(alone.said)).toBe(true);
    expect(memoized(undefined, make('s3:*'))).toEqual({ said: ['none', 's3:*'] });
    expect(runs()).toBe(4);
  });

  it('counts a stray null before as no document, sharing its result', () => {
    const { analyse, runs } = countedPair();
    const memoized = memoizeByDocumentPair(analyse);
    const after = parsed('iam:*');
    const withNull = memoized(null as unknown as PolicyDocument, after);
    expect(withNull).toEqual({ said: ['none', 'iam:*'] });
    expect(memoized(undefined, after)).toBe(withNull);
    expect(runs()).toBe(1);
  });

  it('caches the analysis of no document at all', () => {
    const { analyse, runs } = countedPair();
    const memoized = memoizeByDocumentPair(analyse);
    const nothing = memoized(undefined, undefined);
    expect(nothing).toEqual({ said: ['none', 'none'] });
    expect(memoized(undefined, undefined)).toBe(nothing);
    expect(runs()).toBe(1);
  });

  it('passes values that are not objects straight to the analysis, every time', () => {
    let runs = 0;
    const memoized = memoizeByDocumentPair((before: object | undefined, after: object | undefined) => {
      runs += 1;
      return { saw: [typeof before, typeof after] };
    });
    const doc = parsed('iam:*');
    const text = 'a string' as unknown as object;
    expect(memoized(text, doc)).toEqual({ saw: ['string', 'object'] });
    expect(memoized(text, doc)).toEqual({ saw: ['string', 'object'] });
    expect(memoized(doc, text)).toEqual({ saw: ['object', 'string'] });
    expect(memoized(doc, text)).toEqual({ saw: ['object', 'string'] });
    expect(memoized(undefined, text)).toEqual({ saw: ['undefined', 'string'] });
    expect(runs).toBe(5);
  });
});

describe('where the results of a parsed document are kept', () => {
  it('in the document’s own table, one entry per analysis, single or paired', () => {
    const doc = parsed('iam:PassRole');
    const table = parsedDocumentAnalyses(doc);
    expect(table?.size).toBe(0);
    const single = memoizeByDocument((d: PolicyDocument) => ({ statements: d.Statement.length }))(doc);
    expect(table?.size).toBe(1);
    const paired = memoizeByDocumentPair((_before: PolicyDocument | undefined, after: PolicyDocument | undefined) => ({
      statements: after?.Statement.length,
    }))(undefined, doc);
    expect(table?.size).toBe(2);
    expect([...(table?.values() ?? [])]).toEqual([single, paired]);
  });
});
