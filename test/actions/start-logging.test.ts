import {
  type CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { startLogging, trailNameOf } from '../../shared/actions/start-logging.js';
import { cloudTrailFailingOn } from '../helpers/aws-error-response.js';
import { actionEnv, priorStateOf } from '../helpers/action-env.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();

/** moto wants the trail's bucket to exist; its S3 accepts an unsigned PUT (no S3 client is installed). */
async function createBucket(endpoint: string, bucket: string): Promise<void> {
  const response = await fetch(`${endpoint}/${bucket}`, { method: 'PUT' });
  if (!response.ok) throw new Error(`bucket ${bucket}: ${response.status}`);
}

/** A stopped trail "main"; returns the env and the trail's ARN. */
async function arrange(): Promise<{ env: ActionEnv; arn: string }> {
  const env = actionEnv(moto.server.clientOptions);
  await createBucket(moto.server.endpoint, 'warden-trail-bucket');
  const trail = await env.cloudtrail.send(
    new CreateTrailCommand({ Name: 'main', S3BucketName: 'warden-trail-bucket' }),
  );
  return { env, arn: trail.TrailARN ?? '' };
}

async function logging(cloudtrail: CloudTrailClient): Promise<boolean | undefined> {
  return (await cloudtrail.send(new GetTrailStatusCommand({ Name: 'main' }))).IsLogging;
}

describe('start-logging', () => {
  it('starts a stopped trail named by ARN, and undo stops it again', async () => {
    const { env, arn } = await arrange();
    expect(arn).toMatch(/^arn:aws:cloudtrail:.*:trail\/main$/);
    expect(await logging(env.cloudtrail)).toBe(false);

    const applied = await applyAction(startLogging, { trailName: arn }, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { wasLogging: false } });
    expect(await logging(env.cloudtrail)).toBe(true);

    expect((await startLogging.undo({ trailName: arn }, priorStateOf(applied), env)).status).toBe('undone');
    expect(await logging(env.cloudtrail)).toBe(false);
  });

  it('is already-applied on a logging trail, and that undo leaves it logging', async () => {
    const { env } = await arrange();
    await env.cloudtrail.send(new StartLoggingCommand({ Name: 'main' }));

    const applied = await applyAction(startLogging, { trailName: 'main' }, env);
    expect(applied.status).toBe('already-applied');
    expect((await startLogging.undo({ trailName: 'main' }, priorStateOf(applied), env)).status).toBe('already-undone');
    expect(await logging(env.cloudtrail)).toBe(true);
  });

  it('undo is already-undone when someone stopped the trail meanwhile', async () => {
    const { env } = await arrange();
    const applied = await applyAction(startLogging, { trailName: 'main' }, env);
    await env.cloudtrail.send(new StopLoggingCommand({ Name: 'main' }));
    expect((await startLogging.undo({ trailName: 'main' }, priorStateOf(applied), env)).status).toBe('already-undone');
    expect(await logging(env.cloudtrail)).toBe(false);
  });

  it('fails without throwing when the trail is gone, both ways', async () => {
    const { env } = await arrange();
    const applied = await applyAction(startLogging, { trailName: 'main' }, env);
    await env.cloudtrail.send(new DeleteTrailCommand({ Name: 'main' }));

    expect((await startLogging.undo({ trailName: 'main' }, priorStateOf(applied), env)).status).toBe('cannot-undo');
    expect(await applyAction(startLogging, { trailName: 'main' }, env)).toMatchObject({
      status: 'failed',
      retryable: false,
    });
  });
});

describe('start-logging: what it reports and records', () => {
  it('says what it did both ways and logs the trail by name, not by ARN', async () => {
    const { env, arn } = await arrange();

    const applied = await applyAction(startLogging, { trailName: arn }, env);
    expect(applied).toEqual({
      status: 'applied',
      priorState: { wasLogging: false },
      message: 'Started logging on trail main',
    });
    expect(await startLogging.undo({ trailName: arn }, priorStateOf(applied), env)).toEqual({
      status: 'undone',
      message: 'Stopped logging on trail main again',
    });
    expect(env.logger).toMatchObject({
      lines: [
        { level: 'info', message: 'trail logging started', extra: { trail: 'main' } },
        { level: 'info', message: 'trail logging stopped again', extra: { trail: 'main' } },
      ],
    });
  });

  it('a logging trail: already-applied with wasLogging recorded, and that undo names why nothing happens', async () => {
    const { env, arn } = await arrange();
    await env.cloudtrail.send(new StartLoggingCommand({ Name: 'main' }));

    const applied = await applyAction(startLogging, { trailName: arn }, env);
    expect(applied).toEqual({
      status: 'already-applied',
      priorState: { wasLogging: true },
      message: 'Trail main is already logging',
    });
    expect(await startLogging.undo({ trailName: arn }, priorStateOf(applied), env)).toEqual({
      status: 'already-undone',
      message: 'Trail main was logging before; nothing to undo',
    });
    expect(await logging(env.cloudtrail)).toBe(true);
    expect(env.logger).toMatchObject({ lines: [] });
  });

  it('change from a recorded "was logging" leaves a stopped trail alone (Warden started nothing)', async () => {
    const { env } = await arrange();
    expect(await startLogging.change({ trailName: 'main' }, { wasLogging: true }, env)).toEqual({
      status: 'already-applied',
      priorState: { wasLogging: true },
      message: 'Trail main is already logging',
    });
    expect(await logging(env.cloudtrail)).toBe(false);
  });

  it('undo of a trail someone stopped meanwhile is already-undone and says so', async () => {
    const { env } = await arrange();
    const applied = await applyAction(startLogging, { trailName: 'main' }, env);
    await env.cloudtrail.send(new StopLoggingCommand({ Name: 'main' }));
    expect(await startLogging.undo({ trailName: 'main' }, priorStateOf(applied), env)).toEqual({
      status: 'already-undone',
      message: 'Trail main is already not logging',
    });
  });

  it('a trail gone: apply fails naming it, change fails naming it, undo cannot undo naming it', async () => {
    const { env, arn } = await arrange();
    const applied = await applyAction(startLogging, { trailName: arn }, env);
    await env.cloudtrail.send(new DeleteTrailCommand({ Name: 'main' }));

    expect(await startLogging.undo({ trailName: arn }, priorStateOf(applied), env)).toEqual({
      status: 'cannot-undo',
      reason: 'trail main was deleted after Warden started its logging',
    });
    expect(await applyAction(startLogging, { trailName: arn }, env)).toEqual({
      status: 'failed',
      reason: 'trail main no longer exists',
      retryable: false,
    });
    // Deleted between inspect and change: AWS answers StartLogging with TrailNotFound (moto's answer is malformed).
    const notFound = cloudTrailFailingOn(moto.server.clientOptions, {
      operation: 'StartLogging',
      status: 400,
      code: 'TrailNotFoundException',
    });
    expect(
      await startLogging.change({ trailName: arn }, { wasLogging: false }, { ...env, cloudtrail: notFound }),
    ).toEqual({
      status: 'failed',
      reason: 'trail main no longer exists',
      retryable: false,
    });
  });
});

describe('start-logging when AWS refuses', () => {
  const throttled = (operation: string) =>
    cloudTrailFailingOn(moto.server.clientOptions, { operation, status: 400, code: 'ThrottlingException' });

  it('throttling on the status read is a retryable failure naming the read; the trail stays stopped', async () => {
    const { env } = await arrange();
    expect(
      await applyAction(startLogging, { trailName: 'main' }, { ...env, cloudtrail: throttled('GetTrailStatus') }),
    ).toEqual({
      status: 'failed',
      reason: 'read the status of trail main: AWS refused the call (ThrottlingException)',
      retryable: true,
    });
    expect(await logging(env.cloudtrail)).toBe(false);
  });

  it('throttling on StartLogging is a retryable failure; access denied is final', async () => {
    const { env } = await arrange();
    expect(
      await applyAction(startLogging, { trailName: 'main' }, { ...env, cloudtrail: throttled('StartLogging') }),
    ).toEqual({
      status: 'failed',
      reason: 'start logging on trail main: AWS refused the call (ThrottlingException)',
      retryable: true,
    });
    const denied = cloudTrailFailingOn(moto.server.clientOptions, {
      operation: 'StartLogging',
      status: 400,
      code: 'AccessDeniedException',
    });
    expect(await applyAction(startLogging, { trailName: 'main' }, { ...env, cloudtrail: denied })).toEqual({
      status: 'failed',
      reason: 'start logging on trail main: AWS refused the call (AccessDeniedException)',
      retryable: false,
    });
    expect(await logging(env.cloudtrail)).toBe(false);
    expect(env.logger).toMatchObject({ lines: [] });
  });

  it('undo: throttling on the read or on StopLogging is retryable and leaves the trail logging', async () => {
    const { env } = await arrange();
    const prior = priorStateOf(await applyAction(startLogging, { trailName: 'main' }, env));
    for (const operation of ['GetTrailStatus', 'StopLogging']) {
      expect(
        await startLogging.undo({ trailName: 'main' }, prior, { ...env, cloudtrail: throttled(operation) }),
      ).toEqual({
        status: 'failed',
        reason: 'stop logging on trail main: AWS refused the call (ThrottlingException)',
        retryable: true,
      });
    }
    expect(await logging(env.cloudtrail)).toBe(true);
  });
});

describe('trailNameOf', () => {
  it('takes the name out of a trail ARN in any partition, and leaves a plain name alone', () => {
    expect(trailNameOf('arn:aws:cloudtrail:us-east-1:123456789012:trail/main')).toBe('main');
    expect(trailNameOf('arn:aws-us-gov:cloudtrail:us-gov-west-1:123456789012:trail/org-trail')).toBe('org-trail');
    expect(trailNameOf('main')).toBe('main');
    expect(trailNameOf('arn:aws:s3:::bucket/trail/main')).toBe('arn:aws:s3:::bucket/trail/main');
  });

  it('reads a name only out of a whole trail ARN: text around one is not an ARN and is kept as it is', () => {
    const arn = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main';
    expect(trailNameOf(`see ${arn}`)).toBe(`see ${arn}`);
    // `.` stops at a line break, so only the end anchor keeps the second line from being dropped.
    expect(trailNameOf(`${arn}\nother`)).toBe(`${arn}\nother`);
  });

  it('describes the step with the trail name', () => {
    expect(startLogging.describe({ trailName: 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit' })).toBe(
      'Start logging on trail audit again',
    );
  });
});

describe('start-logging declarations', () => {
  it('is registered under its kind and declares exactly the calls it makes', () => {
    expect(startLogging.kind).toBe('start-logging');
    expect([...startLogging.permissions].sort()).toEqual([
      'cloudtrail:GetTrailStatus',
      'cloudtrail:StartLogging',
      'cloudtrail:StopLogging',
    ]);
  });
});
