import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Catalog from '../../shared/policy/action-catalog.js';
import type * as WriteWildcards from '../../shared/policy/write-wildcards.js';
import { allow, parsedPolicy } from './parsed-policy.js';

// findWriteWildcards keeps the count of each action list across documents, so
// a pattern seen before (`*`, `s3:*`) is not expanded and counted again. The
// counts are the same either way (write-wildcards.test.ts); these tests watch
// the catalogue calls that the kept counts save. The installed catalogue is a
// frozen value, so the module hands out a plain one in its place that counts
// those calls and passes them to it. Each test takes a fresh module graph, so
// no count is kept from an earlier test.
vi.mock('../../shared/policy/action-catalog.js', async (importOriginal) => {
  const real = await importOriginal<typeof Catalog>();
  const installed = real.installedActionCatalog;
  const counting: Catalog.ActionCatalog = {
    ...installed,
    expandActionPattern: vi.fn(installed.expandActionPattern),
    everyAction: vi.fn(installed.everyAction),
  };
  return { ...real, installedActionCatalog: counting };
});

let findWriteWildcards: typeof WriteWildcards.findWriteWildcards;
let catalog: Catalog.ActionCatalog;
beforeEach(async () => {
  vi.resetModules();
  vi.clearAllMocks();
  ({ installedActionCatalog: catalog } = await import('../../shared/policy/action-catalog.js'));
  ({ findWriteWildcards } = await import('../../shared/policy/write-wildcards.js'));
});

const BUCKET = 'arn:aws:s3:::b/*';
const expansions = () => vi.mocked(catalog.expandActionPattern).mock.calls.map(([pattern]) => pattern);
const fullLists = () => vi.mocked(catalog.everyAction).mock.calls.length;
const counts = (doc: Parameters<typeof findWriteWildcards>[0]) =>
  findWriteWildcards(doc).map((grant) => `${grant.kind}:${grant.pattern}:${grant.writeActionCount}`);

describe('findWriteWildcards counts each action list once', () => {
  it('expands a wildcard pattern once, however it is spelled', () => {
    const first = counts(allow('s3:Put*', BUCKET));
    expect(counts(allow(' S3:put* ', BUCKET))).toEqual([first[0]?.replace('s3:Put*', ' S3:put* ')]);
    expect(expansions()).toEqual(['s3:Put*']);
  });

  it('takes every action from the catalogue list for the all-actions pattern, once', () => {
    const [action] = counts(allow('*', BUCKET));
    expect(counts(allow('**', BUCKET))).toEqual([action?.replace('*', '**')]);
    expect(expansions()).toEqual([]);
    expect(fullLists()).toBe(1);
  });

  it('expands an Action list on every resource once, in any order and case', () => {
    const [first] = counts(allow(['iam:PassRole', 's3:GetObject']));
    expect(first).toBe('resource:*:1');
    expect(counts(allow(['S3:getobject', ' iam:passrole ']))).toEqual([first]);
    expect(expansions()).toEqual(['iam:PassRole', 's3:GetObject']);
  });

  it('counts an Action list holding `*` as every action, shared with the all-actions pattern', () => {
    const everything = counts(allow('*'));
    vi.clearAllMocks();
    expect(counts(allow(['s3:GetObject', '*']))).toEqual(everything);
    expect(expansions()).toEqual([]);
    expect(fullLists()).toBe(0);
  });

  it('counts a NotAction list once, in any order and case', () => {
    const notAction = (...excluded: string[]) =>
      counts(parsedPolicy({ Statement: [{ Effect: 'Allow', NotAction: excluded, Resource: BUCKET }] }));
    const [first] = notAction('iam:*', 's3:*');
    expect(fullLists()).toBe(1);
    expect(notAction('S3:*', ' iam:* ')).toEqual([first?.replace('iam:*, s3:*', 'S3:*,  iam:* ')]);
    expect(fullLists()).toBe(1);
  });

  it('counts again for a document whose Deny filters the list', () => {
    const denying = parsedPolicy({
      Statement: [
        { Effect: 'Allow', Action: 'iam:*LoginProfile', Resource: BUCKET },
        { Effect: 'Deny', Action: 'iam:DeleteLoginProfile', Resource: '*' },
      ],
    });
    expect(counts(denying)).toEqual(['action:iam:*LoginProfile:2']);
    expect(counts(parsedPolicy(denying))).toEqual(['action:iam:*LoginProfile:2']);
    expect(expansions()).toEqual(['iam:*LoginProfile', 'iam:*LoginProfile']);
  });

  it('keeps the counts of many lists at once, and starts afresh after 1024 (the bound on memory)', () => {
    const pattern = (i: number) => `iam:Nothing${i}*`;
    for (let i = 0; i < 1024; i += 1) counts(allow(pattern(i), BUCKET));
    counts(allow(pattern(1), BUCKET));
    expect(expansions()).toHaveLength(1024);
    counts(allow(pattern(1024), BUCKET));
    counts(allow(pattern(1024), BUCKET));
    expect(expansions()).toHaveLength(1025);
    counts(allow(pattern(0), BUCKET));
    expect(expansions().slice(1025)).toEqual([pattern(0)]);
  });
});
