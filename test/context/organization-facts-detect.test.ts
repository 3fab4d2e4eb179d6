import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { beforeEach, describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { readRuntimeEnv } from '../../shared/config.js';
import {
  ORGANIZATION_FACTS_MAX_AGE_MS,
  OrganizationFactsCache,
} from '../../shared/context/organization-facts-context.js';
import { loggingNotifier } from '../../shared/engine/notifier.js';
import type { Finding } from '../../shared/model/finding.js';
import { detectDependencies } from '../../functions/detect/dependencies.js';
import { createDocumentClient } from '../../shared/store/dynamodb-store.js';
import { OrganizationFactsStore } from '../../shared/store/organization-facts-store.js';
import { readOrganization } from '../../shared/sweep/read-organization.js';
import { silentLogger } from '../helpers/action-env.js';
import { restoreEnvironmentAfterEach, setHandlerEnvironment } from '../helpers/handler-environment.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
restoreEnvironmentAfterEach();
const TABLE = 'warden-org-facts-test';
const ATTACKER_ORG = 'o-zz9attacker1';

let facts: OrganizationFactsStore;
let sequence = 0;

beforeEach(async () => {
  const dynamodb = new DynamoDBClient(sdkClientConfig(moto.server.clientOptions));
  await createWardenTable(dynamodb, TABLE);
  facts = new OrganizationFactsStore({ client: createDocumentClient(dynamodb), tableName: TABLE });
});

/** The organisation in moto (the hub manages it) with one member; its facts stored as the sweep stores them. */
async function storedOrganisation(): Promise<{ id: string; member: string }> {
  const organizations = new OrganizationsClient(sdkClientConfig(moto.server.clientOptions));
  const { Organization } = await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const created = await organizations.send(new CreateAccountCommand({ AccountName: 'dev', Email: 'dev@example.com' }));
  await facts.put(await readOrganization(organizations, new Date()));
  return { id: Organization!.Id!, member: created.CreateAccountStatus!.AccountId! };
}

function trustEvent(statement: Record<string, unknown>): CloudTrailEvent {
  sequence += 1;
  const result = normaliseRecord({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAJ45Q7YFFAREXAMPLE',
      arn: `arn:aws:iam::${DEFAULT_ACCOUNT}:user/alice`,
      accountId: DEFAULT_ACCOUNT,
      accessKeyId: 'ASIAQOK7EXAMPLEKEY01',
      userName: 'alice',
    },
    eventTime: '2025-03-14T09:21:07Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'UpdateAssumeRolePolicy',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.15.30',
    requestParameters: {
      roleName: 'shared',
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }],
      }),
    },
    responseElements: null,
    requestID: `req-${sequence}`,
    eventID: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: DEFAULT_ACCOUNT,
  });
  if (!result.ok) throw new Error(result.detail);
  return result.event;
}

const trustsAccount = (account: string) => trustEvent({ Principal: { AWS: `arn:aws:iam::${account}:root` } });
const trustsOrganisation = (orgId: string) =>
  trustEvent({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } } });

/** detect as deployed: its dependencies from the environment, the event's context, then the rules. */
function deployedDetect(configYaml = 'dryRun: false\n'): (event: CloudTrailEvent) => Promise<Finding | undefined> {
  setHandlerEnvironment({ moto: moto.server, tableName: TABLE, eventBusName: 'warden-test', configYaml });
  const deps = detectDependencies(readRuntimeEnv(), loggingNotifier(silentLogger()));
  return async (event) => {
    const context = await deps.context.forEvent(event);
    return deps.detector
      .detect(event, { context })
      .findings.find((finding) => finding.ruleId === 'iam.trust-policy-opened');
  };
}

describe('detect reads the organisation facts the sweep stored', () => {
  it('a member account is known, our organisation passes, another organisation is outside', async () => {
    const org = await storedOrganisation();
    const detect = deployedDetect();

    expect(await detect(trustsAccount(org.member))).toBeUndefined();
    expect(await detect(trustsOrganisation(org.id))).toBeUndefined();
    const attacker = await detect(trustsOrganisation(ATTACKER_ORG));
    expect(attacker?.severity).toBe('critical');
    // Judged against the id Organizations reported (none is configured).
    expect(JSON.stringify(attacker)).toContain(`not ours (${org.id})`);
  });

  it('facts unknown (not in use / AccessDenied): the config decides, an organisation pin stays low and unverified', async () => {
    for (const reason of ['not-in-use', 'access-denied'] as const) {
      await facts.put({ known: false, reason, readAt: new Date().toISOString() });
      const detect = deployedDetect(`dryRun: false\nknownAccounts: ['444455556666']\n`);

      expect(await detect(trustsAccount('444455556666')), reason).toBeUndefined();
      expect((await detect(trustsAccount('210987654321')))?.severity, reason).toBe('critical');
      const pinned = await detect(trustsOrganisation(ATTACKER_ORG));
      expect(pinned?.severity, reason).toBe('low');
      expect(pinned?.details.notes?.join(' '), reason).toContain('not verified');
    }
  });

  it('a configured organisation id wins: Organizations naming another one adds none of its accounts', async () => {
    const org = await storedOrganisation();
    const detect = deployedDetect('dryRun: false\norganizationId: o-configured01\n');

    expect((await detect(trustsAccount(org.member)))?.severity).toBe('critical');
    expect((await detect(trustsOrganisation(org.id)))?.severity).toBe('critical');
    expect(await detect(trustsOrganisation('o-configured01'))).toBeUndefined();
  });
});

describe('OrganizationFactsCache', () => {
  const stored = (id: string, readAt: Date) =>
    facts.put({
      known: true,
      id,
      accounts: [{ id: '444455556666', state: 'SUSPENDED' }],
      readAt: readAt.toISOString(),
    });

  it('re-reads the item after 15 minutes, not before, and counts suspended members as ours', async () => {
    let now = new Date('2026-01-05T08:00:00Z');
    await stored('o-first000001', now);
    const logger = silentLogger();
    const cache = new OrganizationFactsCache({ read: () => facts.get(), clock: () => now, logger });

    await cache.refresh();
    expect(cache.facts()).toEqual({ id: 'o-first000001', accounts: ['444455556666'] });
    await stored('o-second00001', now);
    now = new Date(now.getTime() + 10 * 60_000);
    await cache.refresh();
    expect(cache.facts()?.id).toBe('o-first000001');
    now = new Date(now.getTime() + 6 * 60_000);
    await cache.refresh();
    expect(cache.facts()?.id).toBe('o-second00001');
  });

  it('facts the sweep stopped refreshing are not used', async () => {
    const now = new Date('2026-01-05T08:00:00Z');
    await stored('o-first000001', new Date(now.getTime() - ORGANIZATION_FACTS_MAX_AGE_MS - 1));
    const cache = new OrganizationFactsCache({ read: () => facts.get(), clock: () => now, logger: silentLogger() });

    await cache.refresh();
    expect(cache.facts()).toBeUndefined();
  });

  it('logs a warning when the configured id and Organizations’ differ', async () => {
    const now = new Date('2026-01-05T08:00:00Z');
    await stored('o-first000001', now);
    const logger = silentLogger();
    const cache = new OrganizationFactsCache({
      read: () => facts.get(),
      configuredId: 'o-configured01',
      clock: () => now,
      logger,
    });

    await cache.refresh();
    expect(cache.facts()).toBeUndefined();
    expect(logger.lines).toEqual([
      {
        level: 'warn',
        message: 'organisation id differs',
        extra: { configured: 'o-configured01', organizations: 'o-first000001' },
      },
    ]);
  });
});
