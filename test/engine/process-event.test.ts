import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { beforeEach, describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import type { EventPublisher } from '../../shared/bus/event-publisher.js';
import { decide } from '../../shared/engine/decide.js';
import { createDetector } from '../../shared/engine/detect.js';
import { executeRequest } from '../../shared/engine/execute-action.js';
import type { ActionNotice, FindingNotice, Notifier } from '../../shared/model/notices.js';
import { type DetectDependencies, noiseKeys, processEvent } from '../../shared/engine/process-event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { CATALOGUE, catalogueRuleFacts } from '../../shared/rules/catalogue.js';
import { EMPTY_CONTEXT, fixedContext } from '../../shared/rules/support/rule-context.js';
import { validateConfig } from '../../shared/settings/load-config.js';
import type { WardenConfigInput } from '../../shared/settings/warden-config.js';
import { DynamoDbStore, createDocumentClient } from '../../shared/store/dynamodb-store.js';
import { silentLogger } from '../helpers/action-env.js';
import { attachUserPolicyRecord, cloudTrailEnvelope } from '../helpers/cloudtrail-envelope.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { createWardenTable } from '../helpers/warden-table.js';

const moto = useMotoServer();
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const NOW = new Date('2026-11-01T10:05:00Z');

interface Recorded {
  findings: FindingNotice[];
  actions: ActionNotice[];
  published: { detailType: string; detail: object }[];
}

let store: DynamoDbStore;
beforeEach(async () => {
  const dynamodb = new DynamoDBClient(sdkClientConfig(moto.server.clientOptions));
  await createWardenTable(dynamodb, 'warden-unit');
  store = new DynamoDbStore({ client: createDocumentClient(dynamodb), tableName: 'warden-unit', clock: () => NOW });
});

function dependencies(configInput: WardenConfigInput): { deps: DetectDependencies; recorded: Recorded } {
  const recorded: Recorded = { findings: [], actions: [], published: [] };
  const notifier: Notifier = {
    async findingRaised(notice) {
      recorded.findings.push(notice);
      return { channel: 'C0ALERTS', ts: `${recorded.findings.length}.000` };
    },
    async actionCompleted(notice) {
      recorded.actions.push(notice);
    },
  };
  const publisher: EventPublisher = {
    async publish(detailType, detail) {
      recorded.published.push({ detailType, detail });
    },
  };
  const config = validateConfig(configInput, catalogueRuleFacts());
  return {
    recorded,
    deps: {
      detector: createDetector({ context: EMPTY_CONTEXT }),
      context: fixedContext(EMPTY_CONTEXT),
      store,
      notifier,
      publisher,
      config,
      defaultModes: new Map(CATALOGUE.map((rule) => [rule.id, rule.defaultMode])),
      self: { hubAccountId: '123456789012', stage: 'test' },
      clock: () => NOW,
      logger: silentLogger(),
    },
  };
}

const attach = (eventId: string, userName = 'bob') =>
  cloudTrailEnvelope(attachUserPolicyRecord({ eventId, userName, policyArn: ADMIN }));

describe('processEvent', () => {
  it('logs and skips a malformed event without losing the invocation', async () => {
    const { deps } = dependencies({});
    const outcome = await processEvent({ 'detail-type': 'AWS API Call via CloudTrail', detail: 'not a record' }, deps);
    expect(outcome).toEqual({ skipped: 'not-a-record', findings: [] });
  });

  it('records the finding with its Slack message and publishes "Warden Finding"', async () => {
    const { deps, recorded } = dependencies({ dryRun: false });
    await processEvent(attach('evt-1'), deps);
    const notice = recorded.findings.find((n) => n.finding.ruleId === 'iam.admin-policy-attached')!;
    expect(notice.decision.mode).toBe('approve');
    expect(notice.actions.map((a) => a.status)).toEqual(['pending-approval']);
    expect(notice.actions[0]!.approvalExpiresAt).toBe('2026-11-02T10:05:00.000Z');
    const stored = await store.getFinding(notice.finding.id);
    expect(stored).toMatchObject({
      status: 'open',
      slack: { channel: 'C0ALERTS' },
      ruleId: 'iam.admin-policy-attached',
    });
    expect(recorded.published.map((p) => p.detailType)).toContain('Warden Finding');
  });

  it('switches to approval once the account reached its automatic-action limit', async () => {
    const { deps, recorded } = dependencies({
      dryRun: false,
      rules: { 'iam.admin-policy-attached': 'auto' },
      rateLimit: { autoActionsPerAccountPerHour: 2 },
    });
    for (const id of ['evt-a', 'evt-b', 'evt-c']) await processEvent(attach(id, `user-${id}`), deps);
    const modes = recorded.findings
      .filter((n) => n.finding.ruleId === 'iam.admin-policy-attached')
      .map((n) => n.decision.mode);
    expect(modes).toEqual(['auto', 'auto', 'approve']);
    const requested = recorded.published.filter((p) => p.detailType === 'Warden Action Requested');
    expect(requested).toHaveLength(2);
    const third = recorded.findings.filter((n) => n.finding.ruleId === 'iam.admin-policy-attached')[2]!;
    expect(third.decision.notes.join(' ')).toMatch(/Blast-radius limit reached/);
    expect(third.actions[0]!.status).toBe('pending-approval');
  });

  it('past the limit, posts exactly the decision decide gives for that count, and counts only what would act', async () => {
    const { deps, recorded } = dependencies({
      dryRun: false,
      rules: { 'iam.admin-policy-attached': 'auto' },
      rateLimit: { autoActionsPerAccountPerHour: 1 },
    });
    for (const id of ['evt-l1', 'evt-l2']) await processEvent(attach(id, `user-${id}`), deps);
    const notices = recorded.findings.filter((n) => n.finding.ruleId === 'iam.admin-policy-attached');
    const second = notices[1]!;

    expect(second.decision).toEqual(
      decide({
        finding: second.finding,
        ruleDefaultMode: deps.defaultModes.get('iam.admin-policy-attached')!,
        config: deps.config,
        autoActionsThisHour: 1,
      }),
    );
    expect(second.decision.mode).toBe('approve');
    expect(second.decision.notes).toEqual([
      'Blast-radius limit reached (1 automatic actions in account 123456789012 this hour): asking for approval instead',
    ]);
    // Each automatic decision counted once; the alert-only findings of the same events did not count.
    expect(await store.incrementAutoActions('123456789012', NOW)).toBe(3);
  });

  it('does not repeat an alert for the same rule, actor and target within the window', async () => {
    const { deps, recorded } = dependencies({});
    const first = await processEvent(attach('evt-r1'), deps);
    const second = await processEvent(attach('evt-r2'), deps);
    const lowRule = (outcome: typeof first) => outcome.findings.find((f) => f.ruleId === 'iam.policy-attached-to-user');
    expect(lowRule(first)?.outcome).toBe('notified');
    expect(lowRule(second)?.outcome).toBe('repeat');
    expect(recorded.findings.filter((n) => n.finding.ruleId === 'iam.policy-attached-to-user')).toHaveLength(1);
  });

  it('honours a snooze for (rule, actor, target)', async () => {
    const { deps } = dependencies({});
    const finding = createDetector().detect(normaliseOrThrow(attach('evt-s0').detail)).findings[0]!;
    expect(finding.ruleId).toBe('iam.admin-policy-attached');
    await store.putSuppression({
      ruleId: 'iam.admin-policy-attached',
      ...noiseKeys(finding),
      until: new Date('2026-11-02T00:00:00Z'),
      by: 'U0ONCALL',
      reason: 'expected change',
    });
    const outcome = await processEvent(attach('evt-s1'), deps);
    expect(outcome.findings.find((f) => f.ruleId === 'iam.admin-policy-attached')?.outcome).toBe('suppressed');
  });

  it('records and reports a failed remediation (target gone)', async () => {
    const { deps, recorded } = dependencies({ dryRun: false, rules: { 'iam.admin-policy-attached': 'auto' } });
    await processEvent(attach('evt-f1', 'ghost'), deps);
    const request = recorded.published.find((p) => p.detailType === 'Warden Action Requested')!.detail as never;
    const iam = new IAMClient(sdkClientConfig(moto.server.clientOptions));
    await iam.send(new CreateUserCommand({ UserName: 'someone-else' }));

    const outcome = await executeRequest(request, {
      store,
      clientsFor: async () => ({ iam, cloudtrail: new CloudTrailClient(sdkClientConfig(moto.server.clientOptions)) }),
      publisher: deps.publisher,
      notifier: deps.notifier,
      config: deps.config,
      clock: () => NOW,
      logger: silentLogger(),
    });

    expect(outcome.status).toBe('failed');
    expect(outcome.status !== 'skipped' && outcome.message).toMatch(/no longer exists|does not exist|ghost/);
    expect(recorded.actions[0]).toMatchObject({ operation: 'apply', action: { status: 'failed' } });
    const completed = recorded.published.find((p) => p.detailType === 'Warden Action Completed');
    expect(completed?.detail).toMatchObject({ status: 'failed', operation: 'apply' });
  });
});

function normaliseOrThrow(record: unknown) {
  const result = normaliseRecord(record);
  if (!result.ok) throw new Error(result.detail);
  return result.event;
}
