import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { SKIP_REASONS } from '../../shared/cloudtrail/skip-reason.js';
import { createDetector } from '../../shared/engine/detect.js';
import {
  IGNORE_REASONS,
  logIgnored,
  ownCallFields,
  readEvent,
  ruleScreen,
  screenEvent,
} from '../../shared/engine/ignore-stage.js';
import { stageResources } from '../../shared/settings/stage-resources.js';
import { attachUserPolicyRecord, cloudTrailEnvelope } from '../helpers/cloudtrail-envelope.js';
import { sharedEvent } from '../cloudtrail/shared-events.js';

function eventOf(raw: unknown): CloudTrailEvent {
  const result = normaliseRecord(raw);
  if (!result.ok) throw new Error(`expected an event, got ${result.reason}`);
  return result.event;
}

const reasonFor = (raw: unknown) => ruleScreen(eventOf(raw)).reason;
/** What the whole catalogue makes of the event, given the stage's screen. */
const detected = (raw: unknown) => {
  const event = eventOf(raw);
  return createDetector().detect(event, { screen: ruleScreen(event) });
};

describe('ruleScreen', () => {
  it.each([
    ['a failed API call (errorCode)', 'stratus/aws.defense-evasion.organizations-leave/2.json'],
    [
      'a failed IAM-user sign-in (ConsoleLogin Failure, no errorCode)',
      'awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/3.json',
    ],
    ['a failed call with requestParameters null', 'traildiscover/CloudTrail-StopLogging/1.json'],
  ])('ignores %s', (_label, file) => {
    expect(reasonFor(sharedEvent(file))).toBe('failed-call');
    expect(detected(sharedEvent(file))).toEqual({ findings: [], ignored: 'failed-call' });
  });

  it.each([
    ['a successful call', 'stratus/aws.defense-evasion.cloudtrail-stop/1.json'],
    ['a successful sign-in', 'awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/1.json'],
    ['a call with an empty errorCode', 'panther/AWS.S3.BucketDeleted/1.json'],
  ])('keeps %s', (_label, file) => {
    expect(reasonFor(sharedEvent(file))).toBeUndefined();
    expect(detected(sharedEvent(file)).ignored).toBeUndefined();
  });

  // The root sign-in exception: a failed root ConsoleLogin is a failed call
  // that root.console-login reads (includeFailures), so it is reported, not ignored.
  it.each([
    ['a failed root ConsoleLogin', 'awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/8.json'],
    ['a failed root ConsoleLogin without time or id', 'panther/AWS.CloudTrail.PasswordSpraying/4.json'],
  ])('keeps %s for root.console-login', (_label, file) => {
    expect(reasonFor(sharedEvent(file))).toBe('failed-call');
    const detection = detected(sharedEvent(file));
    expect(detection.findings.map((f) => f.ruleId)).toEqual(['root.console-login']);
    expect(detection.ignored).toBeUndefined();
  });

  it('ignores a failed root ExternalIdPDirectoryLogin: root.console-login listens to ConsoleLogin only', () => {
    const raw = sharedEvent('panther/AWS.Root.Activity/4.json');

    expect(reasonFor(raw)).toBe('failed-call');
    expect(detected(raw)).toEqual({ findings: [], ignored: 'failed-call' });
  });

  it('ignores a failed API call by root', () => {
    const raw = { ...sharedEvent('panther/AWS.Root.Activity/6.json'), errorCode: 'AccessDenied' };

    expect(reasonFor(raw)).toBe('failed-call');
    expect(detected(raw)).toEqual({ findings: [], ignored: 'failed-call' });
  });

  it('reads a lower-cased sign-in failure', () => {
    const raw = {
      ...sharedEvent('awsdocs/cloudtrail-event-reference-aws-console-sign-in-events/3.json'),
      responseElements: { consolelogin: 'Failure' },
    };

    expect(reasonFor(raw)).toBe('failed-call');
  });

  it('is what the detector asks for itself when not given a screen', () => {
    const denied = eventOf({ ...sharedEvent('panther/AWS.Root.Activity/6.json'), errorCode: 'AccessDenied' });

    expect(createDetector().detect(denied)).toEqual(createDetector().detect(denied, { screen: ruleScreen(denied) }));
  });
});

describe('IGNORE_REASONS', () => {
  it('counts input that is not a CloudTrail record as skipped, and logs it as a warning', () => {
    for (const reason of SKIP_REASONS) {
      expect(IGNORE_REASONS[reason]).toMatchObject({
        countedAs: 'skipped',
        reaches: 'no rule',
        logged: { level: 'warn', message: 'event skipped' },
      });
      expect(IGNORE_REASONS[reason].meaning).not.toBe('');
    }
  });

  it('says in plain words what every reason means', () => {
    for (const row of Object.values(IGNORE_REASONS)) expect(row.meaning).toMatch(/^[A-Z].{20,}\.$/);
  });

  it("counts Warden's own calls and failed calls as ignored; only failure rules see a failed call", () => {
    expect(IGNORE_REASONS['warden-own-call']).toMatchObject({
      countedAs: 'ignored',
      reaches: 'no rule',
      logged: { level: 'info', message: 'own call ignored' },
    });
    expect(IGNORE_REASONS['failed-call']).toMatchObject({ countedAs: 'ignored', reaches: 'failure rules' });
    expect(IGNORE_REASONS['failed-call'].logged).toBeUndefined();
  });
});

describe('logIgnored', () => {
  function recordingLogger() {
    const lines: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
    return {
      lines,
      info: (message: string, extra?: Record<string, unknown>) => void lines.push({ level: 'info', message, extra }),
      warn: (message: string, extra?: Record<string, unknown>) => void lines.push({ level: 'warn', message, extra }),
    };
  }

  it("logs as the reason's row says, and nothing for a reason that is only counted", () => {
    const logger = recordingLogger();
    logIgnored(logger, 'not-a-record', { reason: 'not-a-record', detail: 'a string' });
    logIgnored(logger, 'warden-own-call', { eventId: 'e1' });
    logIgnored(logger, 'failed-call', { eventId: 'e2' });

    expect(logger.lines).toEqual([
      { level: 'warn', message: 'event skipped', extra: { reason: 'not-a-record', detail: 'a string' } },
      { level: 'info', message: 'own call ignored', extra: { eventId: 'e1' } },
    ]);
  });
});

describe('readEvent', () => {
  it('reads the record inside an EventBridge envelope, or the record itself', () => {
    const record = attachUserPolicyRecord({
      eventId: 'evt-1',
      userName: 'bob',
      policyArn: 'arn:aws:iam::aws:policy/X',
    });

    const fromEnvelope = readEvent(cloudTrailEnvelope(record));
    const bare = readEvent(record);

    expect(fromEnvelope.ok && fromEnvelope.event.eventId).toBe('evt-1');
    expect(bare).toEqual(fromEnvelope);
    expect(readEvent({ 'detail-type': 'AWS API Call via CloudTrail', detail: 'not a record' })).toMatchObject({
      ok: false,
      reason: 'not-a-record',
    });
  });

  it('takes what the record lacks from the envelope', () => {
    const {
      eventTime: _time,
      awsRegion: _region,
      recipientAccountId: _account,
      ...record
    } = attachUserPolicyRecord({
      eventId: 'evt-2',
      userName: 'bob',
      policyArn: 'arn:aws:iam::aws:policy/X',
    });

    const read = readEvent(
      cloudTrailEnvelope(record, { time: '2026-11-01T10:04:00Z', region: 'eu-west-1', account: '444455556666' }),
    );

    // The account comes from the caller's identity here; time and region only the envelope knows.
    expect(read.ok && [read.event.eventTime, read.event.awsRegion]).toEqual(['2026-11-01T10:04:00Z', 'eu-west-1']);
  });

  it('is an envelope only with both detail and detail-type; anything else is read as a record', () => {
    const record = attachUserPolicyRecord({
      eventId: 'evt-3',
      userName: 'bob',
      policyArn: 'arn:aws:iam::aws:policy/X',
    });

    expect(readEvent({ ...record, 'detail-type': 'AWS API Call via CloudTrail' })).toMatchObject({ ok: true });
    expect(readEvent({ detail: record })).toMatchObject({ ok: false, reason: 'missing-event-name' });
    for (const input of [null, undefined, 'AttachUserPolicy', 42]) {
      expect(readEvent(input)).toMatchObject({ ok: false, reason: 'not-a-record' });
    }
  });
});

describe('screenEvent', () => {
  const HUB = '111111111111';
  const self = { hubAccountId: HUB, stage: 'prod' };
  const callBy = (roleName: string, session: string, extra: Record<string, unknown> = {}) =>
    eventOf({
      ...attachUserPolicyRecord({ eventId: `evt-${session}`, userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/X' }),
      recipientAccountId: HUB,
      userIdentity: {
        type: 'AssumedRole',
        principalId: `AROAEXAMPLE:${session}`,
        arn: `arn:aws:sts::${HUB}:assumed-role/${roleName}/${session}`,
        accountId: HUB,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: 'AROAEXAMPLE',
            arn: `arn:aws:iam::${HUB}:role/${roleName}`,
            accountId: HUB,
            userName: roleName,
          },
        },
      },
      ...extra,
    });
  const executeRole = stageResources('prod').roleName('execute');
  const noActions = { getAction: async () => undefined };

  it("screens out Warden's own call before asking whether it failed", async () => {
    const own = callBy(executeRole, 'exec', { errorCode: 'AccessDenied' });

    const screen = await screenEvent(own, { self, store: noActions });

    expect(screen).toEqual({
      reason: 'warden-own-call',
      own: { kind: 'hub-execute-role', roleArn: `arn:aws:iam::${HUB}:role/${executeRole}` },
    });
    expect(screen.reason === 'warden-own-call' && ownCallFields(own, screen.own)).toStrictEqual({
      eventId: 'evt-exec',
      eventName: 'AttachUserPolicy',
      as: 'hub-execute-role',
    });
  });

  it('logs a claim the store does not confirm and screens the call like any other', async () => {
    const warnings: unknown[] = [];
    const imitation = callBy('WardenRemediation', 'warden-made-up', { errorCode: 'AccessDenied' });

    const screen = await screenEvent(imitation, {
      self,
      store: noActions,
      logger: { warn: (message, extra) => void warnings.push({ message, ...extra }) },
    });

    expect(screen).toEqual({ reason: 'failed-call' });
    expect(warnings).toEqual([
      {
        message: 'call claims to be Warden but is not',
        eventId: 'evt-warden-made-up',
        eventName: 'AttachUserPolicy',
        role: `arn:aws:iam::${HUB}:role/WardenRemediation`,
        reason: 'no action made-up',
      },
    ]);
  });

  it('needs no logger to pass an unconfirmed claim on', async () => {
    const imitation = callBy('WardenRemediation', 'warden-made-up');

    expect(await screenEvent(imitation, { self, store: noActions })).toEqual({});
  });

  it("names the action of a remediation session in the own call's log line", () => {
    const own = callBy('WardenRemediation', 'warden-act-1');

    expect(
      ownCallFields(own, {
        kind: 'remediation-session',
        roleArn: `arn:aws:iam::${HUB}:role/WardenRemediation`,
        account: HUB,
        actionId: 'act-1',
      }),
    ).toEqual({
      eventId: 'evt-warden-act-1',
      eventName: 'AttachUserPolicy',
      as: 'remediation-session',
      actionId: 'act-1',
    });
  });

  it('passes any other caller on with the rule screen', async () => {
    expect(await screenEvent(callBy('deploy', 'ci'), { self })).toEqual({});
  });
});
