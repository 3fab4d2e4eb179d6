import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { DigestPoster } from '../../shared/slack/digest-poster.js';
import { runSweep } from '../../shared/sweep/run-sweep.js';
import { catalogueRuleFacts } from '../../shared/rules/catalogue.js';
import { validateConfig } from '../../shared/settings/load-config.js';
import { documentOfText } from '../../shared/snapshot/snapshot-writes.js';
import { DynamoDbDocumentSnapshotStore } from '../../shared/store/document-snapshot-store.js';
import { createDocumentClient, DynamoDbStore } from '../../shared/store/dynamodb-store.js';
import { captureSnapshot } from '../../shared/sweep/capture-snapshot.js';
import { hygieneRuleFacts } from '../../shared/sweep/hygiene-checks.js';
import { silentLogger } from '../helpers/action-env.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { serialDynamoDbClient } from '../helpers/serial-dynamodb-client.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
const TABLE = 'warden-snapshot-test';

const allow = (action: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
});
const trust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

let iam: IAMClient;
let snapshots: DynamoDbDocumentSnapshotStore;
let store: DynamoDbStore;

beforeEach(async () => {
  const options = moto.server.clientOptions;
  iam = new IAMClient(sdkClientConfig(options));
  const dynamodb = serialDynamoDbClient(options);
  await createWardenTable(dynamodb, TABLE);
  const documents = createDocumentClient(dynamodb);
  snapshots = new DynamoDbDocumentSnapshotStore({ client: documents, tableName: TABLE });
  store = new DynamoDbStore({ client: documents, tableName: TABLE, clock: () => new Date() });
});

async function createAccountIam(): Promise<void> {
  await iam.send(new CreateUserCommand({ UserName: 'Bob' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'Bob',
      PolicyName: 'Reports',
      PolicyDocument: JSON.stringify(allow('s3:GetObject')),
    }),
  );
  await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'Bob' }));
  await iam.send(
    new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'Ops', PolicyDocument: JSON.stringify(allow('ec2:*')) }),
  );
  await iam.send(new CreateRoleCommand({ RoleName: 'Deploy', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'Deploy',
      PolicyName: 'Artifacts',
      PolicyDocument: JSON.stringify(allow('s3:PutObject')),
    }),
  );
}

describe('captureSnapshot on moto', () => {
  it('stores every trust policy and every inline policy of users, groups and roles, decoded', async () => {
    await createAccountIam();
    const clock = () => new Date();

    const outcome = await captureSnapshot({ iam, account: DEFAULT_ACCOUNT, store: snapshots, clock });

    expect(outcome).toMatchObject({ documents: 4, written: 4, removed: 0 });
    const read = async (ref: Parameters<DynamoDbDocumentSnapshotStore['get']>[1]) =>
      documentOfText((await snapshots.get(DEFAULT_ACCOUNT, ref))?.document);
    expect(await read({ type: 'trust', roleName: 'deploy' })).toEqual(documentOfText(JSON.stringify(trust)));
    expect(await read({ type: 'inline', principalKind: 'user', principalName: 'bob', policyName: 'reports' })).toEqual(
      documentOfText(JSON.stringify(allow('s3:GetObject'))),
    );
    expect(await read({ type: 'inline', principalKind: 'group', principalName: 'ops', policyName: 'Ops' })).toEqual(
      documentOfText(JSON.stringify(allow('ec2:*'))),
    );
    expect(
      await read({ type: 'inline', principalKind: 'role', principalName: 'Deploy', policyName: 'Artifacts' }),
    ).toEqual(documentOfText(JSON.stringify(allow('s3:PutObject'))));
  });
});

describe('runSweep refreshes the snapshot of the account swept', () => {
  const poster = (posted: string[]): DigestPoster => ({
    async postDigest(_message, channel) {
      posted.push(channel);
      return { channel: 'C0SWEEP', ts: `${posted.length}.000` };
    },
  });
  const deps = (snapshotStore: DynamoDbDocumentSnapshotStore, posted: string[]) => ({
    iam,
    store,
    snapshots: snapshotStore,
    poster: poster(posted),
    config: validateConfig({ dryRun: false }, [...catalogueRuleFacts(), ...hygieneRuleFacts()]),
    clock: () => new Date(),
    sleep: async () => {},
    logger: silentLogger(),
    region: 'us-east-1',
  });

  it('reports what it captured beside the digest', async () => {
    await createAccountIam();
    await iam.send(new CreateLoginProfileCommand({ UserName: 'Bob', Password: 'Correct-Horse-1!' }));
    const posted: string[] = [];

    const outcome = await runSweep(deps(snapshots, posted));

    expect(outcome.account).toBe(DEFAULT_ACCOUNT);
    expect(outcome.snapshot).toMatchObject({ documents: 4, written: 4 });
    expect(outcome.posted).toBe(true);
  });

  it('a capture that fails is logged and reported; the hygiene digest still goes out', async () => {
    await createAccountIam();
    await iam.send(new CreateLoginProfileCommand({ UserName: 'Bob', Password: 'Correct-Horse-1!' }));
    const broken = new DynamoDbDocumentSnapshotStore({
      client: createDocumentClient(serialDynamoDbClient(moto.server.clientOptions)),
      tableName: 'no-such-table',
    });
    const posted: string[] = [];

    const outcome = await runSweep(deps(broken, posted));

    expect(outcome.snapshot).toEqual({ failed: expect.stringContaining('ResourceNotFoundException') });
    expect(outcome.posted).toBe(true);
    expect(posted).toHaveLength(1);
  });
});
