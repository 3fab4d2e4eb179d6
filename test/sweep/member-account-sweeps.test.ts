import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteLoginProfileCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { readRuntimeEnv } from '../../shared/config.js';
import type { DigestPoster } from '../../shared/slack/digest-poster.js';
import { runAccountSweeps } from '../../shared/sweep/sweep-accounts.js';
import { sweepDependencies } from '../../functions/sweep/dependencies.js';
import { sweepableAccounts } from '../../shared/sweep/read-organization.js';
import { messageText } from '../../shared/slack/message-text.js';
import type { SlackMessage } from '../../shared/slack/slack-message.js';
import { createDocumentClient, DynamoDbStore } from '../../shared/store/dynamodb-store.js';
import { OrganizationFactsStore } from '../../shared/store/organization-facts-store.js';
import { type AssumeRoleGate, startAssumeRoleGate } from '../helpers/assume-role-gate.js';
import { restoreEnvironmentAfterEach, setHandlerEnvironment } from '../helpers/handler-environment.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
restoreEnvironmentAfterEach();
const TABLE = 'warden-member-sweep-test';
const EXTERNAL_ID = 'warden-test-external-id';

let gates: AssumeRoleGate[] = [];
let posted: { message: SlackMessage; channel: string }[] = [];
let store: DynamoDbStore;
let facts: OrganizationFactsStore;

const poster: DigestPoster = {
  async postDigest(message, channel) {
    posted.push({ message, channel });
    return { channel: 'C0SWEEP', ts: `${posted.length}.000` };
  },
};

beforeEach(async () => {
  const dynamodb = new DynamoDBClient(sdkClientConfig(moto.server.clientOptions));
  await createWardenTable(dynamodb, TABLE);
  const client = createDocumentClient(dynamodb);
  store = new DynamoDbStore({ client, tableName: TABLE, clock: () => new Date() });
  facts = new OrganizationFactsStore({ client, tableName: TABLE });
  posted = [];
});

afterEach(async () => {
  await Promise.all(gates.map((gate) => gate.close()));
  gates = [];
});

/** An organisation managed by the hub account (moto's default), with two member accounts. */
async function organisation(): Promise<{ id: string; dev: string; prod: string }> {
  const organizations = new OrganizationsClient(sdkClientConfig(moto.server.clientOptions));
  const { Organization } = await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const member = async (name: string) =>
    (await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` })))
      .CreateAccountStatus!.AccountId!;
  return { id: Organization!.Id!, dev: await member('dev'), prod: await member('prod') };
}

/** IAM inside `account` (moto switches accounts on an assumed role's credentials). */
async function iamIn(account: string): Promise<IAMClient> {
  if (account === DEFAULT_ACCOUNT) return new IAMClient(sdkClientConfig(moto.server.clientOptions));
  const sts = new STSClient(sdkClientConfig(moto.server.clientOptions));
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/setup`, RoleSessionName: 'setup' }),
  );
  return new IAMClient(
    sdkClientConfig({
      ...moto.server.clientOptions,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    }),
  );
}

/** A console user without MFA in `account`: one sweep item there. */
async function consoleUser(account: string, userName: string): Promise<void> {
  const iam = await iamIn(account);
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await iam.send(new CreateLoginProfileCommand({ UserName: userName, Password: 'Correct-Horse-1!' }));
}

/** The sweep as deployed (sweepDependencies from the environment), its AWS calls through a gate. */
async function deployedSweep(
  options: { refused?: string[]; refuseOrganizations?: boolean; configYaml?: string } = {},
): Promise<{ run: () => ReturnType<typeof runAccountSweeps>; gate: AssumeRoleGate }> {
  const gate = await startAssumeRoleGate(moto.server.endpoint, options.refused ?? [], {
    refuseOrganizations: options.refuseOrganizations ?? false,
  });
  gates.push(gate);
  setHandlerEnvironment({
    moto: moto.server,
    tableName: TABLE,
    eventBusName: 'warden-test',
    configYaml: options.configYaml ?? 'dryRun: false\n',
    extra: { WARDEN_AWS_ENDPOINT: gate.endpoint, WARDEN_HUB_ACCOUNT_ID: DEFAULT_ACCOUNT },
  });
  const deps = sweepDependencies(readRuntimeEnv(), poster);
  return { run: () => runAccountSweeps(deps), gate };
}

/** The users behind an account's open sweep items. */
async function openUsers(account: string): Promise<string[]> {
  const records = (await store.listSweepItems(account)).filter((record) => record.status === 'open');
  const findings = await Promise.all(records.map((record) => store.getFinding(record.findingId)));
  return findings
    .filter((finding) => finding?.target.type === 'user')
    .map((finding) => `${finding!.account}/${finding!.target.name}`)
    .sort();
}

function digestFor(account: string): SlackMessage[] {
  return posted.map(({ message }) => message).filter((message) => messageText(message).includes(`— ${account} —`));
}

describe('the sweep in every member account', () => {
  it('sweeps the hub and the organisation’s accounts through WardenReader, each with its own items and digest', async () => {
    const org = await organisation();
    await consoleUser(DEFAULT_ACCOUNT, 'hub-ann');
    await consoleUser(org.dev, 'dev-bob');
    await consoleUser(org.prod, 'prod-cat');
    const { run, gate } = await deployedSweep();

    const outcome = await run();

    expect(outcome.accounts.map((account) => account.account).sort()).toEqual(
      [DEFAULT_ACCOUNT, org.dev, org.prod].sort(),
    );
    expect(outcome.unreadable).toEqual([]);
    expect(outcome.noticePosted).toBe(false);
    expect(await openUsers(DEFAULT_ACCOUNT)).toEqual([`${DEFAULT_ACCOUNT}/hub-ann`]);
    expect(await openUsers(org.dev)).toEqual([`${org.dev}/dev-bob`]);
    expect(await openUsers(org.prod)).toEqual([`${org.prod}/prod-cat`]);

    // One digest per account, each naming only its own users.
    expect(posted).toHaveLength(3);
    for (const [account, user] of [
      [DEFAULT_ACCOUNT, 'hub-ann'],
      [org.dev, 'dev-bob'],
      [org.prod, 'prod-cat'],
    ] as const) {
      const [digest, ...more] = digestFor(account);
      expect(more, account).toEqual([]);
      const text = messageText(digest!);
      expect(text).toContain(user);
      for (const other of ['hub-ann', 'dev-bob', 'prod-cat'].filter((name) => name !== user)) {
        expect(text).not.toContain(other);
      }
    }

    // Members are entered as WardenReader with the ExternalId; the hub with the sweep's own credentials.
    expect(gate.calls.map((call) => call.roleArn).sort()).toEqual(
      [`arn:aws:iam::${org.dev}:role/WardenReader`, `arn:aws:iam::${org.prod}:role/WardenReader`].sort(),
    );
    for (const call of gate.calls) expect(call).toMatchObject({ externalId: EXTERNAL_ID, sessionName: 'warden-sweep' });

    // The organisation as read with the hub's credentials, stored for detect.
    const stored = await facts.get();
    expect(stored).toMatchObject({ known: true, id: org.id, managementAccountId: DEFAULT_ACCOUNT });
    expect(stored?.known === true && stored.accounts.map((account) => account.id).sort()).toEqual(
      [DEFAULT_ACCOUNT, org.dev, org.prod].sort(),
    );

    // The next day nothing is new: no digest, every item still open.
    const again = await run();
    expect(again.accounts.every((account) => !account.posted && account.resolved === 0)).toBe(true);
    expect(posted).toHaveLength(3);
    expect(await openUsers(org.prod)).toEqual([`${org.prod}/prod-cat`]);
  });

  it('keeps the open items of a member whose WardenReader cannot be assumed, and names it once', async () => {
    const org = await organisation();
    await consoleUser(org.dev, 'dev-bob');
    await consoleUser(org.prod, 'prod-cat');
    await (await deployedSweep()).run();
    // Both problems are fixed; only the readable account can tell.
    await (await iamIn(org.dev)).send(new DeleteLoginProfileCommand({ UserName: 'dev-bob' }));
    await (await iamIn(org.prod)).send(new DeleteLoginProfileCommand({ UserName: 'prod-cat' }));
    posted = [];

    const { run, gate } = await deployedSweep({ refused: [org.prod] });
    const outcome = await run();

    expect(gate.calls.filter((call) => call.refused).map((call) => call.roleArn)).toEqual([
      `arn:aws:iam::${org.prod}:role/WardenReader`,
    ]);
    expect(outcome.unreadable).toEqual([{ account: org.prod, reason: 'role-not-assumable' }]);
    expect(outcome.accounts.map((account) => account.account)).not.toContain(org.prod);
    expect(await openUsers(org.dev)).toEqual([]);
    const prodItems = await store.listSweepItems(org.prod);
    expect(prodItems.map((record) => record.status)).toEqual(prodItems.map(() => 'open'));
    expect(await openUsers(org.prod)).toEqual([`${org.prod}/prod-cat`]);
    const prodFinding = await store.getFinding(
      prodItems.find((record) => record.itemKey.includes('prod-cat'))!.findingId,
    );
    expect(prodFinding?.status).toBe('open');

    // One notice, naming the account and why, in the sweep channel; no error text.
    expect(outcome.noticePosted).toBe(true);
    const notices = posted.filter(({ message }) => messageText(message).includes('could not read'));
    expect(notices).toHaveLength(1);
    const text = messageText(notices[0]!.message);
    expect(text).toContain(`${org.prod}: WardenReader could not be assumed`);
    expect(text).not.toContain('not authorized');
    expect(text).not.toContain(org.dev);
    expect(notices[0]!.channel).toBe('security-alerts');

    // Once readable again, the fixed problem is resolved there too.
    await (await deployedSweep()).run();
    expect(await openUsers(org.prod)).toEqual([]);
  });

  it('without an organisation (not in use) stores "unknown" and sweeps the configured member accounts', async () => {
    const configured = '210987654321';
    await consoleUser(configured, 'cfg-dan');
    const { run, gate } = await deployedSweep({ configYaml: `dryRun: false\nmemberAccounts: ['${configured}']\n` });

    const outcome = await run();

    expect(await facts.get()).toMatchObject({ known: false, reason: 'not-in-use' });
    expect(outcome.accounts.map((account) => account.account).sort()).toEqual([DEFAULT_ACCOUNT, configured].sort());
    expect(gate.calls.map((call) => call.roleArn)).toEqual([`arn:aws:iam::${configured}:role/WardenReader`]);
    expect(await openUsers(configured)).toEqual([`${configured}/cfg-dan`]);
  });

  it('when Organizations refuses the hub (AccessDenied) stores "unknown" and uses the config only', async () => {
    const org = await organisation();
    const { run } = await deployedSweep({ refuseOrganizations: true });

    const outcome = await run();

    expect(await facts.get()).toMatchObject({ known: false, reason: 'access-denied' });
    expect(outcome.accounts.map((account) => account.account)).toEqual([DEFAULT_ACCOUNT]);
    expect(outcome.accounts.map((account) => account.account)).not.toContain(org.dev);
  });

  it('a configured organisation id that differs from Organizations’: its accounts are not swept', async () => {
    const org = await organisation();
    const { run } = await deployedSweep({ configYaml: 'dryRun: false\norganizationId: o-configured01\n' });

    const outcome = await run();

    expect(await facts.get()).toMatchObject({ known: true, id: org.id });
    expect(outcome.accounts.map((account) => account.account)).toEqual([DEFAULT_ACCOUNT]);
  });
});

describe('which Organizations accounts the sweep enters', () => {
  it('only ACTIVE members, not the management account (no StackSet instance there)', () => {
    expect(
      sweepableAccounts({
        known: true,
        id: 'o-a1b2c3d4e5',
        managementAccountId: '999988887777',
        accounts: [
          { id: '999988887777', state: 'ACTIVE' },
          { id: '111122223333', state: 'ACTIVE' },
          { id: '444455556666', state: 'SUSPENDED' },
          { id: '777766665555', state: 'PENDING_CLOSURE' },
        ],
        readAt: '2026-01-05T07:00:00.000Z',
      }),
    ).toEqual(['111122223333']);
    expect(sweepableAccounts({ known: false, reason: 'access-denied', readAt: '2026-01-05T07:00:00.000Z' })).toEqual(
      [],
    );
  });
});
