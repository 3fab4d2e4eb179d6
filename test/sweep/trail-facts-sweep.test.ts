import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { readRuntimeEnv } from '../../shared/config.js';
import type { DigestPoster } from '../../shared/slack/digest-poster.js';
import { runAccountSweeps } from '../../shared/sweep/sweep-accounts.js';
import { sweepDependencies } from '../../functions/sweep/dependencies.js';
import { createDocumentClient } from '../../shared/store/dynamodb-store.js';
import { TrailFactsStore } from '../../shared/store/trail-facts-store.js';
import { type AssumeRoleGate, startAssumeRoleGate } from '../helpers/assume-role-gate.js';
import { restoreEnvironmentAfterEach, setHandlerEnvironment } from '../helpers/handler-environment.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { trailIn } from '../helpers/moto-trail.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
restoreEnvironmentAfterEach();
const TABLE = 'warden-trail-facts-sweep-test';

let gates: AssumeRoleGate[] = [];
let trails: TrailFactsStore;
const poster: DigestPoster = { postDigest: async () => ({ channel: 'C0SWEEP', ts: '1.000' }) };

beforeEach(async () => {
  const dynamodb = new DynamoDBClient(sdkClientConfig(moto.server.clientOptions));
  await createWardenTable(dynamodb, TABLE);
  trails = new TrailFactsStore({ client: createDocumentClient(dynamodb), tableName: TABLE });
});

afterEach(async () => {
  await Promise.all(gates.map((gate) => gate.close()));
  gates = [];
});

async function organisationWithMember(): Promise<string> {
  const organizations = new OrganizationsClient(sdkClientConfig(moto.server.clientOptions));
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const created = await organizations.send(new CreateAccountCommand({ AccountName: 'dev', Email: 'dev@example.com' }));
  return created.CreateAccountStatus!.AccountId!;
}

/** The sweep as deployed (sweepDependencies from the environment), its AWS calls through a gate. */
async function deployedSweep(options: { refuseCloudTrail?: boolean } = {}): Promise<AssumeRoleGate> {
  const gate = await startAssumeRoleGate(moto.server.endpoint, [], {
    refuseCloudTrail: options.refuseCloudTrail ?? false,
  });
  gates.push(gate);
  setHandlerEnvironment({
    moto: moto.server,
    tableName: TABLE,
    eventBusName: 'warden-test',
    configYaml: 'dryRun: false\n',
    extra: { WARDEN_AWS_ENDPOINT: gate.endpoint, WARDEN_HUB_ACCOUNT_ID: DEFAULT_ACCOUNT },
  });
  await runAccountSweeps(sweepDependencies(readRuntimeEnv(), poster));
  return gate;
}

const bucketsByAccount = async () =>
  Object.fromEntries((await trails.list()).map((facts) => [facts.account, facts.buckets]));

describe('the sweep reads every swept account’s trails', () => {
  it('stores the bucket of the hub’s trail and, through WardenReader, of a member’s', async () => {
    const member = await organisationWithMember();
    await trailIn(moto.server, DEFAULT_ACCOUNT, 'org-trail', 'hub-trail-logs-5531');
    await trailIn(moto.server, member, 'dev-trail', 'dev-trail-logs-5531');

    const before = Date.now();
    const gate = await deployedSweep();

    expect(await bucketsByAccount()).toEqual({
      [DEFAULT_ACCOUNT]: ['hub-trail-logs-5531'],
      [member]: ['dev-trail-logs-5531'],
    });
    for (const facts of await trails.list()) expect(Date.parse(facts.readAt)).toBeGreaterThanOrEqual(before - 1000);
    // The member's trails were read as WardenReader, with the ExternalId, in the sweep's session.
    expect(
      gate.calls
        .filter((call) => call.roleArn === `arn:aws:iam::${member}:role/WardenReader`)
        .map((call) => call.sessionName),
    ).toContain('warden-sweep');
  });

  it('an account without trails is stored with no bucket (a later read can remove one)', async () => {
    await trailIn(moto.server, DEFAULT_ACCOUNT, 'org-trail', 'hub-trail-logs-5532');
    await trails.put({
      account: DEFAULT_ACCOUNT,
      buckets: ['old-trail-logs-5532'],
      readAt: '2026-01-01T00:00:00.000Z',
    });

    await deployedSweep();

    expect(await bucketsByAccount()).toEqual({ [DEFAULT_ACCOUNT]: ['hub-trail-logs-5532'] });
  });

  it('DescribeTrails failing keeps the previous item and does not fail the sweep', async () => {
    await trailIn(moto.server, DEFAULT_ACCOUNT, 'org-trail', 'hub-trail-logs-5533');
    const previous = {
      account: DEFAULT_ACCOUNT,
      buckets: ['kept-trail-logs-5533'],
      readAt: '2026-01-01T00:00:00.000Z',
    };
    await trails.put(previous);
    const gate = await startAssumeRoleGate(moto.server.endpoint, [], { refuseCloudTrail: true });
    gates.push(gate);
    setHandlerEnvironment({
      moto: moto.server,
      tableName: TABLE,
      eventBusName: 'warden-test',
      configYaml: 'dryRun: false\n',
      extra: { WARDEN_AWS_ENDPOINT: gate.endpoint, WARDEN_HUB_ACCOUNT_ID: DEFAULT_ACCOUNT },
    });

    const outcome = await runAccountSweeps(sweepDependencies(readRuntimeEnv(), poster));

    expect(outcome.accounts.map((account) => account.account)).toEqual([DEFAULT_ACCOUNT]);
    expect(outcome.unreadable).toEqual([]);
    expect(await trails.list()).toEqual([previous]);
  });
});
