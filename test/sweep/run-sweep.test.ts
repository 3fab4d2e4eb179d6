import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DetachUserPolicyCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { DigestPoster } from '../../shared/slack/digest-poster.js';
import { executeRequest } from '../../shared/engine/execute-action.js';
import { loggingNotifier } from '../../shared/engine/notifier.js';
import { runSweep, type SweepDependencies } from '../../shared/sweep/run-sweep.js';
import { catalogueRuleFacts } from '../../shared/rules/catalogue.js';
import { validateConfig } from '../../shared/settings/load-config.js';
import type { WardenConfigInput } from '../../shared/settings/warden-config.js';
import { hygieneDigest } from '../../shared/slack/hygiene-digest.js';
import type { SlackButton, SlackMessage } from '../../shared/slack/slack-message.js';
import { slackLimitProblems } from '../../shared/slack/slack-limit-check.js';
import { createDocumentClient, DynamoDbStore } from '../../shared/store/dynamodb-store.js';
import { hygieneRuleFacts } from '../../shared/sweep/hygiene-checks.js';
import { accessKeyStatuses, silentLogger } from '../helpers/action-env.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';
import { serialDynamoDbClient } from '../helpers/serial-dynamodb-client.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
const TABLE = 'warden-sweep-test';
const DAY = 86_400_000;
const READ_REPORTS = `arn:aws:iam::${DEFAULT_ACCOUNT}:policy/read-reports`;

let iam: IAMClient;
let store: DynamoDbStore;
let now: Date;
let posted: { message: SlackMessage; channel: string }[];

beforeEach(async () => {
  const options = moto.server.clientOptions;
  iam = new IAMClient(sdkClientConfig(options));
  const dynamodb = serialDynamoDbClient(options);
  await createWardenTable(dynamodb, TABLE);
  store = new DynamoDbStore({ client: createDocumentClient(dynamodb), tableName: TABLE, clock: () => now });
  posted = [];
});

const poster: DigestPoster = {
  async postDigest(message, channel) {
    posted.push({ message, channel });
    return { channel: 'C0SWEEP', ts: `${posted.length}.000` };
  },
};

/** moto stamps users and keys with the real time; the sweep runs `days` later (a weekday that is not Monday unless asked). */
function sweepAt(days: number, config: WardenConfigInput = {}): SweepDependencies {
  now = new Date(Date.now() + days * DAY);
  const weekday = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][
    (now.getUTCDay() + 1) % 7
  ];
  return {
    iam,
    store,
    poster,
    config: validateConfig({ dryRun: false, ...config, sweep: { weeklySummaryDay: weekday, ...config.sweep } }, [
      ...catalogueRuleFacts(),
      ...hygieneRuleFacts(),
    ]),
    clock: () => now,
    sleep: async () => {},
    logger: silentLogger(),
    region: 'us-east-1',
  };
}

/** alice: console password, no MFA, one key; bob: password with MFA; carol: no credentials, a policy attached directly. */
async function createUsers(): Promise<{ aliceKey: string; aliceSecret: string }> {
  for (const UserName of ['alice', 'bob', 'carol']) await iam.send(new CreateUserCommand({ UserName }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-1!' }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'Correct-Horse-2!' }));
  const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bob' }));
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: 'bob',
      SerialNumber: device.VirtualMFADevice!.SerialNumber!,
      AuthenticationCode1: '123456',
      AuthenticationCode2: '654321',
    }),
  );
  await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'read-reports',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      }),
    }),
  );
  await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: READ_REPORTS }));
  return { aliceKey: key.AccessKey!.AccessKeyId!, aliceSecret: key.AccessKey!.SecretAccessKey! };
}

function buttons(message: SlackMessage): SlackButton[] {
  return message.blocks.flatMap((block) => (block.type === 'actions' ? [...block.elements] : []));
}

describe('runSweep on moto', () => {
  it('reports each problem once in one digest, with buttons carrying the recorded action ids', async () => {
    const { aliceKey } = await createUsers();
    const outcome = await runSweep(sweepAt(100));

    const findings = await Promise.all(outcome.reported.map((id) => store.getFinding(id)));
    expect(findings.map((f) => [f!.ruleId, f!.target.name, f!.target.id ?? null]).sort()).toEqual(
      [
        ['hygiene.access-key-unused', 'alice', aliceKey],
        ['hygiene.console-user-without-mfa', 'alice', null],
        ['hygiene.user-inactive', 'alice', null],
        ['hygiene.user-inactive', 'bob', null],
        ['hygiene.user-with-direct-policies', 'carol', null],
      ].sort(),
    );
    expect(outcome).toMatchObject({ account: DEFAULT_ACCOUNT, posted: true, unchanged: 0, resolved: 0 });

    expect(posted).toHaveLength(1);
    const { message, channel } = posted[0]!;
    expect(channel).toBe('security-alerts');
    expect(slackLimitProblems(message)).toEqual([]);
    const keyFinding = findings.find((f) => f!.ruleId === 'hygiene.access-key-unused')!;
    const keyAction = (await store.listActions(keyFinding.id))[0]!;
    expect(keyAction).toMatchObject({
      kind: 'disable-access-key',
      params: { userName: 'alice', accessKeyId: aliceKey },
      status: 'pending-approval',
    });
    expect(keyAction.approvalExpiresAt).toBe(new Date(now.getTime() + 24 * 3600_000).toISOString());
    const all = buttons(message);
    expect(
      all
        .filter((b) => b.action_id.startsWith('approve:'))
        .map((b) => [b.text.text, b.value])
        .sort(),
    ).toEqual(
      [
        [`Disable key ${aliceKey}`, keyAction.id],
        [
          'Quarantine alice',
          `${findings.find((f) => f!.ruleId === 'hygiene.user-inactive' && f!.target.name === 'alice')!.id}-1`,
        ],
        [
          'Quarantine bob',
          `${findings.find((f) => f!.ruleId === 'hygiene.user-inactive' && f!.target.name === 'bob')!.id}-1`,
        ],
      ].sort(),
    );
    expect(JSON.stringify(message)).toContain('User carol has 1 policy attached directly: managed read-reports');
  });

  it('Approve then Undo on the digest button: the key is Inactive in IAM, then Active again', async () => {
    const { aliceKey } = await createUsers();
    const outcome = await runSweep(sweepAt(100));
    const keyFinding = (await Promise.all(outcome.reported.map((id) => store.getFinding(id)))).find(
      (f) => f!.ruleId === 'hygiene.access-key-unused',
    )!;
    const actionId = buttons(posted[0]!.message).find((b) => b.text.text === `Disable key ${aliceKey}`)!.value;
    const execute = {
      store,
      clientsFor: async () => ({ iam, cloudtrail: new CloudTrailClient(sdkClientConfig(moto.server.clientOptions)) }),
      publisher: { publish: async () => {} },
      notifier: loggingNotifier(silentLogger()),
      config: sweepAt(100).config,
      clock: () => now,
      logger: silentLogger(),
    };

    // What the interaction endpoint does on Approve, then what the executor does.
    expect(
      await store.transitionAction(actionId, { from: 'pending-approval', to: 'approved', by: 'U0APPROVER' }),
    ).toMatchObject({ ok: true });
    expect(
      await executeRequest(
        { actionId, findingId: keyFinding.id, operation: 'apply', requestedBy: 'U0APPROVER' },
        execute,
      ),
    ).toMatchObject({ status: 'applied' });
    expect(await accessKeyStatuses(iam, 'alice')).toEqual({ [aliceKey]: 'Inactive' });

    // Re-rendered from the store, the item now offers Undo with the same action id.
    const applied = await store.listActions(keyFinding.id);
    const rerendered = hygieneDigest({
      account: DEFAULT_ACCOUNT,
      sweptAt: now.toISOString(),
      items: [{ finding: keyFinding, actions: applied }],
      dryRun: false,
    });
    expect(buttons(rerendered).map((b) => [b.action_id, b.value])).toEqual([['undo:1', actionId]]);

    expect(
      await executeRequest(
        { actionId, findingId: keyFinding.id, operation: 'undo', requestedBy: 'U0APPROVER' },
        execute,
      ),
    ).toMatchObject({ status: 'undone' });
    expect(await accessKeyStatuses(iam, 'alice')).toEqual({ [aliceKey]: 'Active' });
  });

  it('a used key past the rotation limit is "not rotated" (moto records last use of a key that signs a request)', async () => {
    const { aliceKey, aliceSecret } = await createUsers();
    const asAlice = new IAMClient(
      sdkClientConfig({
        ...moto.server.clientOptions,
        credentials: { accessKeyId: aliceKey, secretAccessKey: aliceSecret },
      }),
    );
    await asAlice.send(new ListUsersCommand({}));
    const outcome = await runSweep(sweepAt(100, { sweep: { accessKeyUnusedDays: 365, userInactiveDays: 365 } }));
    const rules = (await Promise.all(outcome.reported.map((id) => store.getFinding(id)))).map(
      (f) => `${f!.ruleId} ${f!.target.name}`,
    );
    const notRotated = (await Promise.all(outcome.reported.map((id) => store.getFinding(id)))).find(
      (f) => f!.ruleId === 'hygiene.access-key-not-rotated',
    )!;
    expect(notRotated.summary).toMatch(/is 100 days old \(rotate every 90\), last used \d{4}-\d{2}-\d{2}$/);
    expect(rules.sort()).toEqual([
      'hygiene.access-key-not-rotated alice',
      'hygiene.console-user-without-mfa alice',
      'hygiene.user-with-direct-policies carol',
    ]);
  });

  it('does not repeat unchanged items the next day, resolves what is gone, and sums up weekly', async () => {
    await createUsers();
    const first = await runSweep(sweepAt(100));
    expect(first.reported).toHaveLength(5);

    const second = await runSweep(sweepAt(101));
    expect(second).toMatchObject({ reported: [], unchanged: 5, posted: false });
    expect(posted).toHaveLength(1);

    // carol's directly attached policy goes: her item is resolved (and her finding with it).
    await iam.send(new DetachUserPolicyCommand({ UserName: 'carol', PolicyArn: READ_REPORTS }));
    const third = await runSweep(sweepAt(102));
    expect(third).toMatchObject({ reported: [], unchanged: 4, resolved: 1, posted: false });
    const carol = (await Promise.all(first.reported.map((id) => store.getFinding(id)))).find(
      (f) => f!.target.name === 'carol',
    );
    expect(carol!.status).toBe('resolved');

    // The weekly summary day lists what is still open, even with nothing new.
    const deps = sweepAt(103);
    const weekly = await runSweep({
      ...deps,
      config: {
        ...deps.config,
        sweep: {
          ...deps.config.sweep,
          weeklySummaryDay: (['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const)[
            now.getUTCDay()
          ]!,
        },
      },
    });
    expect(weekly).toMatchObject({ weekly: true, posted: true, unchanged: 4, reported: [] });
    const text = JSON.stringify(posted.at(-1)!.message);
    expect(text).toContain('Weekly summary: 4 still open');
    expect(text).not.toContain('carol');
    expect(buttons(posted.at(-1)!.message)).toEqual([]);
  });
});
